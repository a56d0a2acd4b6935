import { chatCompletionsHandler } from '../chat/chat-handler';
import { listModelsHandler } from '../chat/models-handler';
import type { McpGateway } from '../mcp/mcp-gateway';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { healthz, metricsHandler, readyzHandler } from './health';
import type { RequestContext } from './request-context';

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** `"METHOD /path"` → handler; a path ending in `/*` matches everything under it. */
export type RouteTable = Record<`${'GET' | 'POST' | 'DELETE'} /${string}`, Handler>;

/** Every endpoint the gateway serves. */
export function gatewayRoutes(store: SnapshotStore, metrics: GatewayMetrics, mcp?: McpGateway): RouteTable {
  return {
    'POST /v1/chat/completions': chatCompletionsHandler(store),
    'GET /v1/models': listModelsHandler(store),
    'GET /healthz': healthz,
    'GET /readyz': readyzHandler(store),
    'GET /metrics': metricsHandler(metrics),
    ...(mcp && {
      'POST /mcp': mcp.handle,
      'GET /mcp': mcp.handle,
      'DELETE /mcp': mcp.handle,
      'POST /mcp/*': mcp.handle,
      'GET /mcp/*': mcp.handle,
      'DELETE /mcp/*': mcp.handle,
    }),
  };
}
