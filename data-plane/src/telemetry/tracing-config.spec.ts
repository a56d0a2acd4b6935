import { loadTracingConfig } from './tracing-config';

describe('loadTracingConfig', () => {
  it('is off by default, and with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    expect(loadTracingConfig({})).toBeNull();
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeNull();
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeNull();
  });

  it('turns on with an endpoint, appending /v1/traces to the base one only', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      exporters: ['otlp'],
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'switchyard-data-plane',
      sampler: 'parentbased_always_on',
    });
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://x.example/otlp/traces' })?.endpoint,
    ).toBe('https://x.example/otlp/traces');
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' })?.endpoint).toBe(
      'http://localhost:4318/v1/traces',
    );
  });

  it('reads headers, resource attributes, sampler and batch settings', () => {
    const config = loadTracingConfig({
      OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20abc,x-a=1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=2',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=ai',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_SCHEDULE_DELAY: '1000',
    });
    expect(config).toMatchObject({
      exporters: ['otlp', 'console'],
      headers: { authorization: 'Basic abc', 'x-a': '2' },
      resourceAttributes: { 'deployment.environment.name': 'prod', team: 'ai' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      batch: { scheduledDelayMillis: 1000, maxQueueSize: 2048, maxExportBatchSize: 512 },
    });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER_ARG: '2' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'OTEL_BSP_SCHEDULE_DELAY'],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(() => loadTracingConfig(env)).toThrow(name);
  });
});
