import type { GatewayTracing, TracingIdentity } from './tracing';
import type { TracingConfig } from './tracing-config';

export { loadTracingConfig, type TracingConfig } from './tracing-config';
export { traceOf, type RequestTrace } from './request-trace';
export type { GatewayTracing } from './tracing';

/**
 * Starts tracing as configured. The OpenTelemetry SDK is required here, on first use, so a
 * node with tracing off never loads it.
 */
export async function startTracing(
  config: TracingConfig,
  identity: TracingIdentity,
): Promise<GatewayTracing> {
  const { GatewayTracing } = await import('./tracing');
  return new GatewayTracing(config, identity);
}
