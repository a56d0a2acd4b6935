/**
 * What the standard `OTEL_*` variables ask of tracing, validated at start. This file loads no
 * OpenTelemetry code: when tracing is off nothing of the SDK is ever required.
 *
 * Invariants: `exporters` is non-empty; numbers are finite and within range; `endpoint` is an
 * absolute http(s) URL ending in the traces path.
 */
export interface TracingConfig {
  /** `otlp` (OTLP/HTTP with JSON bodies) and/or `console` (spans printed on stdout). */
  exporters: ('otlp' | 'console')[];
  /** Where OTLP traces are POSTed, e.g. `http://otel-collector:4318/v1/traces`. */
  endpoint: string;
  /** Extra headers on export requests (`OTEL_EXPORTER_OTLP_HEADERS`: `k=v,k2=v2`). */
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  serviceName: string;
  /** From `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes: Record<string, string>;
  sampler: SamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG`: the ratio of the `*traceidratio` samplers. */
  samplerRatio: number;
  batch: {
    scheduledDelayMillis: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
    exportTimeoutMillis: number;
  };
}

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

const DEFAULT_ENDPOINT = 'http://localhost:4318';

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new Error(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `k=v,k2=v2` with percent-encoded values (W3C baggage style), as `OTEL_*_HEADERS` and `OTEL_RESOURCE_ATTRIBUTES` are written. */
function keyValues(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = value(env, name);
  if (raw === undefined) return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) throw new Error(`${name} must be a list of key=value pairs, got "${raw}"`);
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new Error(`${name} has a value that is not valid percent-encoding: "${key}"`);
    }
  }
  return out;
}

function httpUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  return url;
}

/**
 * Reads the `OTEL_*` variables; null when tracing is off. Tracing is off unless
 * `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`), or it is unset and an OTLP
 * endpoint is set. `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turns it off.
 * Throws an Error naming the variable on a wrong value.
 */
export function loadTracingConfig(env: NodeJS.ProcessEnv): TracingConfig | null {
  const disabled = value(env, 'OTEL_SDK_DISABLED')?.toLowerCase();
  if (disabled !== undefined && disabled !== 'true' && disabled !== 'false')
    throw new Error(`OTEL_SDK_DISABLED must be true or false, got "${disabled}"`);
  if (disabled === 'true') return null;

  const tracesEndpoint = value(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEndpoint = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const named = value(env, 'OTEL_TRACES_EXPORTER');
  const exporters = new Set<'otlp' | 'console'>();
  if (named === undefined) {
    if (tracesEndpoint === undefined && baseEndpoint === undefined) return null;
    exporters.add('otlp');
  } else {
    for (const part of named.split(',').map((p) => p.trim().toLowerCase())) {
      if (part === 'none') continue;
      if (part !== 'otlp' && part !== 'console')
        throw new Error(`OTEL_TRACES_EXPORTER may name otlp, console or none, got "${named}"`);
      exporters.add(part);
    }
    if (exporters.size === 0) return null;
  }

  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = value(env, name);
    if (protocol !== undefined && protocol !== 'http/json') {
      throw new Error(
        `${name} must be http/json (this gateway exports OTLP over HTTP with JSON bodies), got "${protocol}"`,
      );
    }
    if (protocol !== undefined) break;
  }

  // The signal-specific endpoint is used as given; the base one gets `/v1/traces` appended.
  let endpoint: string;
  if (tracesEndpoint !== undefined)
    endpoint = httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint).href;
  else {
    const base = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', baseEndpoint ?? DEFAULT_ENDPOINT);
    endpoint = `${base.href.replace(/\/+$/, '')}/v1/traces`;
  }

  const compression = (
    value(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION') ??
    value(env, 'OTEL_EXPORTER_OTLP_COMPRESSION') ??
    'none'
  ).toLowerCase();
  if (compression !== 'gzip' && compression !== 'none')
    throw new Error(`OTEL_EXPORTER_OTLP_COMPRESSION must be gzip or none, got "${compression}"`);

  const sampler = (value(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase() as SamplerName;
  if (!SAMPLERS.includes(sampler))
    throw new Error(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${sampler}"`);
  const ratioRaw = value(env, 'OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = ratioRaw === undefined ? 1 : Number(ratioRaw);
  if (!Number.isFinite(samplerRatio) || samplerRatio < 0 || samplerRatio > 1)
    throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${ratioRaw}"`);

  const timeoutMs = value(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT')
    ? integer(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 10_000, 1, 600_000)
    : integer(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000);
  const maxQueueSize = integer(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000);
  const maxExportBatchSize = integer(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000);
  if (maxExportBatchSize > maxQueueSize)
    throw new Error(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${maxExportBatchSize}) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${maxQueueSize})`,
    );

  return {
    exporters: [...exporters],
    endpoint,
    headers: {
      ...keyValues(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...keyValues(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    },
    timeoutMs,
    compression,
    serviceName: value(env, 'OTEL_SERVICE_NAME') ?? 'switchyard-data-plane',
    resourceAttributes: keyValues(env, 'OTEL_RESOURCE_ATTRIBUTES'),
    sampler,
    samplerRatio,
    batch: {
      scheduledDelayMillis: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 1, 3_600_000),
      maxQueueSize,
      maxExportBatchSize,
      exportTimeoutMillis: integer(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, 1, 3_600_000),
    },
  };
}
