import { authenticate } from '../auth/authenticate';
import { GatewayError, modelNotFound } from '../errors';
import { ClientGoneError, readBody } from '../http/body';
import type { RequestContext } from '../http/request-context';
import { sendError } from '../http/respond';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { parseChatRequest } from './chat-request';

const CLOSE_CONNECTION = { connection: 'close' };

/**
 * `POST /v1/chat/completions`: auth → body checks → route by alias → provider adapter.
 * Reads the running config once, so a snapshot swap mid-request cannot mix two configs.
 */
export function chatCompletionsHandler(store: SnapshotStore) {
  return async function chatCompletions(ctx: RequestContext): Promise<void> {
    try {
      const config = store.current;
      if (!config) throw new GatewayError('not_ready');
      const key = authenticate(ctx.req.headers.authorization, config, Date.now());
      ctx.recordUsage = true;
      ctx.workspaceId = key.workspaceId;
      ctx.keyId = key.id;

      const request = parseChatRequest(await readBody(ctx.req, ctx.services.maxBodyBytes));
      ctx.stream = request.stream;
      const route = key.routes.get(request.model);
      if (!route) {
        ctx.routeAlias = request.model.slice(0, 200);
        throw modelNotFound(request.model);
      }
      ctx.routeId = route.id;
      ctx.routeAlias = route.alias;
      ctx.providerId = route.provider.id;
      ctx.model = route.model;
      ctx.res.setHeader('x-switchyard-route', route.id);
      ctx.res.setHeader('x-switchyard-provider', route.provider.id);
      const adapter = route.provider.adapter;
      if (!adapter) {
        throw new GatewayError(
          'provider_unsupported',
          `This route uses provider kind "${route.provider.kind}", which this gateway does not support.`,
        );
      }
      await adapter.chatCompletions(ctx, route, request);
    } catch (err) {
      if (err instanceof GatewayError) {
        sendError(ctx, err, err.code === 'request_too_large' ? CLOSE_CONNECTION : undefined);
      } else if (err instanceof ClientGoneError) {
        const gone = new GatewayError('client_closed_request');
        ctx.status = gone.status;
        ctx.errorCode = gone.code;
        ctx.errorMessage = gone.message;
      } else {
        ctx.services.logger.error({ requestId: ctx.requestId, err }, 'chat completion failed unexpectedly');
        sendError(ctx, new GatewayError('internal_error'));
      }
    } finally {
      ctx.complete();
    }
  };
}
