import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { waitFor } from './support/poll';
import { parsePrometheusText, sampleValue, type Sample } from './support/prometheus-text';

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGatewayFixture();
});

afterAll(async () => {
  await f?.close();
});

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${f.gateway.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe('GET /metrics', () => {
  it('counts requests, durations and tokens by route, and reports the snapshot and usage queue', async () => {
    await f.client().chat.completions.create({ model: 'fast', messages: hello });
    const stream = await f.client().chat.completions.create({ model: 'fast', messages: hello, stream: true });
    for await (const chunk of stream) void chunk;
    expect((await f.post({ model: 'no-such-alias', messages: hello })).status).toBe(404);

    const samples = await scrape();
    const fast = { route: 'fast', provider: 'fake-openai' };
    expect(
      sampleValue(samples, 'switchyard_requests_total', { ...fast, model: 'gpt-4o-mini', status: '200' }),
    ).toBe(2);
    // The unknown alias the client sent never becomes a label value.
    expect(
      sampleValue(samples, 'switchyard_requests_total', {
        route: '',
        provider: '',
        model: '',
        status: '404',
      }),
    ).toBe(1);
    expect(samples.some((s) => Object.values(s.labels).includes('no-such-alias'))).toBe(false);
    expect(sampleValue(samples, 'switchyard_request_duration_seconds_count', fast)).toBe(2);
    expect(sampleValue(samples, 'switchyard_time_to_first_token_seconds_count', fast)).toBe(1);
    expect(sampleValue(samples, 'switchyard_tokens_total', { ...fast, direction: 'input' })).toBe(6);
    expect(sampleValue(samples, 'switchyard_tokens_total', { ...fast, direction: 'output' })).toBe(10);
    expect(sampleValue(samples, 'switchyard_snapshot_version')).toBe(f.gateway.status().snapshotVersion);
    expect(sampleValue(samples, 'switchyard_snapshot_version')).toBe(1);
    expect(sampleValue(samples, 'switchyard_snapshot_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'switchyard_snapshot_rejections_total')).toBe(0);
    expect(sampleValue(samples, 'switchyard_usage_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'switchyard_usage_spilled')).toBe(0);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts rejected snapshots', async () => {
    await f.bucket.put('{"not":"a snapshot"}');
    await waitFor(
      'the rejection to be counted',
      async () => sampleValue(await scrape(), 'switchyard_snapshot_rejections_total') === 1,
    );
    expect(sampleValue(await scrape(), 'switchyard_snapshot_version')).toBe(1);
  });
});
