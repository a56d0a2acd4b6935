import { GatewayError } from '../errors';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { RequestContext } from './request-context';
import { sendError, sendJson } from './respond';

const LIVE = '{"status":"ok"}';

/** `GET /healthz`: the process is up. */
export function healthz(ctx: RequestContext): void {
  sendJson(ctx, 200, LIVE);
}

/** `GET /readyz`: 200 only once a snapshot is applied (the node can serve traffic). */
export function readyzHandler(store: SnapshotStore) {
  return function readyz(ctx: RequestContext): void {
    const config = store.current;
    if (config) sendJson(ctx, 200, JSON.stringify({ status: 'ready', snapshotVersion: config.version }));
    else sendError(ctx, new GatewayError('not_ready'));
  };
}
