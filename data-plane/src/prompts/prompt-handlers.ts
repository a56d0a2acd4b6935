import { caller } from '../auth/authenticate';
import { parseJsonObject } from '../chat/json-body';
import { chatHandler } from '../chat/serve-chat';
import { GatewayError, renderError } from '../errors';
import { ClientGoneError, readBody } from '../http/body';
import type { RequestContext } from '../http/request-context';
import { sendJson } from '../http/respond';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { promptCompletionsFormat } from './prompt-format';
import { promptPath, renderPromptBody, resolvePrompt } from './prompt-request';

/**
 * `POST /v1/prompts/{id or slug}/completions` (render, then the chat path) and
 * `POST /v1/prompts/{id or slug}/render` (the chat request it would make, no upstream call).
 */
export function promptsHandler(store: SnapshotStore) {
  const completions = chatHandler(store, promptCompletionsFormat);
  const render = renderHandler(store);
  return (ctx: RequestContext): Promise<void> => {
    const action = promptPath(ctx.req.url ?? '')?.action;
    if (action === 'completions') return completions(ctx);
    if (action === 'render') return render(ctx);
    const path = (ctx.req.url ?? '').split('?')[0].slice(0, 200);
    sendJson(ctx, 404, renderError(new GatewayError('unknown_url', `Invalid URL (POST ${path}).`)));
    return Promise.resolve();
  };
}

/** Answers `{ success, data: <chat request>, prompt: { id, slug, version } }`, as Portkey's render does. */
function renderHandler(store: SnapshotStore) {
  return async (ctx: RequestContext): Promise<void> => {
    try {
      const { config, key } = caller(ctx.req.headers, store.current);
      const body = parseJsonObject(await readBody(ctx.req, ctx.services.maxBodyBytes));
      const { prompt, version } = resolvePrompt(ctx, config, key);
      const data = renderPromptBody(version, body);
      const answer = {
        success: true,
        data,
        prompt: { id: prompt.id, slug: prompt.slug, version: version.version },
      };
      sendJson(ctx, 200, JSON.stringify(answer));
    } catch (err) {
      if (err instanceof ClientGoneError) return;
      const error = err instanceof GatewayError ? err : new GatewayError('internal_error');
      if (!(err instanceof GatewayError))
        ctx.services.logger.error({ requestId: ctx.requestId, err }, 'prompt render failed unexpectedly');
      ctx.errorCode = error.code;
      ctx.errorMessage = error.message;
      if (error.code === 'request_too_large') ctx.res.setHeader('connection', 'close');
      sendJson(ctx, error.status, renderError(error));
    }
  };
}
