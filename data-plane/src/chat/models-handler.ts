import { caller } from '../auth/authenticate';
import { GatewayError } from '../errors';
import type { RequestContext } from '../http/request-context';
import { sendError, sendJson } from '../http/respond';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';
import type { SnapshotStore } from '../snapshot/snapshot-store';

function modelsBody(key: CompiledKey, config: RuntimeConfig): Buffer {
  const data = [...key.routes.keys()]
    .sort()
    .map((alias) => ({ id: alias, object: 'model', created: config.createdAtSec, owned_by: 'switchyard' }));
  return Buffer.from(JSON.stringify({ object: 'list', data }));
}

/** `GET /v1/models`: the aliases the calling key may use, in OpenAI's list shape. */
export function listModelsHandler(store: SnapshotStore) {
  return function listModels(ctx: RequestContext): void {
    try {
      const { config, key } = caller(ctx.req.headers, store.current);
      key.modelsBody ??= modelsBody(key, config);
      sendJson(ctx, 200, key.modelsBody);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      sendError(ctx, err);
    }
  };
}
