import { GatewayError } from '../errors';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
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

/** `GET /metrics`: Prometheus text exposition of this node's registry. */
export function metricsHandler(metrics: GatewayMetrics) {
  return async function scrapeMetrics(ctx: RequestContext): Promise<void> {
    const body = await metrics.scrape();
    ctx.res.writeHead(200, {
      'content-type': metrics.contentType,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    ctx.res.end(body);
  };
}
