import { chatHandler } from '../chat/serve-chat';
import { listModelsHandler } from '../chat/models-handler';
import { openAIChatFormat } from '../inbound/openai-chat';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { healthz, metricsHandler, readyzHandler } from './health';
import type { RequestContext } from './request-context';

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** `"METHOD /path"` → handler. */
export type RouteTable = Record<`${'GET' | 'POST'} /${string}`, Handler>;

/** Every endpoint the gateway serves. */
export function gatewayRoutes(store: SnapshotStore, metrics: GatewayMetrics): RouteTable {
  return {
    'POST /v1/chat/completions': chatHandler(store, openAIChatFormat),
    'GET /v1/models': listModelsHandler(store),
    'GET /healthz': healthz,
    'GET /readyz': readyzHandler(store),
    'GET /metrics': metricsHandler(metrics),
  };
}
