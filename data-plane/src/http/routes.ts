import { caller } from '../auth/authenticate';
import { embeddingsHandler } from '../chat/embeddings-handler';
import { parseJsonObject } from '../chat/json-body';
import { listModelsHandler } from '../chat/models-handler';
import { chatHandler } from '../chat/serve-chat';
import { GatewayError } from '../errors';
import { anthropicMessagesFormat, countTokens } from '../inbound/anthropic-messages';
import { openAIChatFormat, openAILegacyCompletionsFormat } from '../inbound/openai-chat';
import { responsesFormat } from '../inbound/responses';
import { promptsHandler } from '../prompts/prompt-handlers';
import { mappedError } from '../inbound/mapped-error';
import type { McpEndpoint } from '../mcp/lazy-mcp-gateway';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { ClientGoneError, readBody } from './body';
import { corsPreflight, withCors } from './cors';
import { healthz, metricsHandler, readyzHandler } from './health';
import type { RequestContext } from './request-context';
import { sendJson } from './respond';

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** `"METHOD /path"` → handler; a path ending in `/*` matches everything under it. */
export type RouteTable = Record<`${'GET' | 'POST' | 'DELETE' | 'OPTIONS'} /${string}`, Handler>;

/** Every endpoint the gateway serves. */
export function gatewayRoutes(store: SnapshotStore, metrics: GatewayMetrics, mcp?: McpEndpoint): RouteTable {
  return {
    'POST /v1/chat/completions': chatHandler(store, openAIChatFormat),
    'POST /v1/completions': chatHandler(store, openAILegacyCompletionsFormat),
    'POST /v1/messages': chatHandler(store, anthropicMessagesFormat),
    'POST /v1/messages/count_tokens': countTokensHandler(store),
    'POST /v1/responses': chatHandler(store, responsesFormat),
    'POST /v1/embeddings': embeddingsHandler(store),
    // /v1/prompts/{id or slug}/completions and /render; CORS for the console's playground
    'POST /v1/prompts/*': withCors(promptsHandler(store)),
    'OPTIONS /v1/prompts/*': corsPreflight,
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

/** `POST /v1/messages/count_tokens` (Anthropic): an estimate for the translated request; no upstream call. */
function countTokensHandler(store: SnapshotStore): Handler {
  return async (ctx) => {
    try {
      caller(ctx.req.headers, store.current);
      const body = parseJsonObject(await readBody(ctx.req, ctx.services.maxBodyBytes));
      sendJson(ctx, 200, JSON.stringify(countTokens(body)));
    } catch (err) {
      if (err instanceof ClientGoneError) return;
      const error = err instanceof GatewayError ? err : new GatewayError('internal_error');
      if (error.code === 'request_too_large') ctx.res.setHeader('connection', 'close');
      sendJson(ctx, error.status, JSON.stringify(anthropicMessagesFormat.errorBody(mappedError(error))));
    }
  };
}
