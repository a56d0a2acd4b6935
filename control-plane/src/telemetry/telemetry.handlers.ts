import * as grpc from '@grpc/grpc-js';
import type { TelemetryHandlers } from '@switchyard/proto';
import type { Logger } from 'pino';
import { bearerToken, secretsEqual } from '../auth/timing-safe';
import type { ControlPlaneMetrics } from '../metrics/control-plane-metrics.service';
import type { NodesService } from '../nodes/nodes.service';
import type { SnapshotsService } from '../snapshots/snapshots.service';
import type { UsageService } from '../usage/usage.service';

/** Upper bound on records per batch; the data plane batches far below it. */
const MAX_BATCH_RECORDS = 10_000;

interface Deps {
  nodeToken: string;
  usage: UsageService;
  nodes: NodesService;
  snapshots: SnapshotsService;
  metrics: ControlPlaneMetrics;
  logger: Logger;
}

function authorized(call: grpc.ServerUnaryCall<unknown, unknown>, nodeToken: string): boolean {
  const header = call.metadata.get('authorization')[0];
  const token = bearerToken(typeof header === 'string' ? header : header?.toString());
  return token !== null && secretsEqual(token, nodeToken);
}

function fail(code: grpc.status, details: string): Partial<grpc.StatusObject> {
  return { code, details };
}

/** The Telemetry service: each call authenticated by the node token, every failure a gRPC status. */
export function telemetryHandlers(deps: Deps): TelemetryHandlers {
  return {
    ReportUsage: (call, callback) => {
      if (!authorized(call, deps.nodeToken)) {
        callback(fail(grpc.status.UNAUTHENTICATED, 'missing or invalid node token'));
        return;
      }
      const records = call.request.records ?? [];
      if (records.length > MAX_BATCH_RECORDS) {
        callback(fail(grpc.status.INVALID_ARGUMENT, `a batch may hold at most ${MAX_BATCH_RECORDS} records`));
        return;
      }
      deps.usage.ingest(records, call.request.nodeId ?? '').then(
        ({ accepted, duplicates }) => {
          deps.metrics.usageBatchIngested(accepted, duplicates);
          callback(null, { accepted, duplicates });
        },
        (error: unknown) => {
          deps.logger.error({ err: error, node: call.request.nodeId }, 'usage batch could not be stored');
          // UNAVAILABLE tells the node to keep the batch and retry later.
          callback(fail(grpc.status.UNAVAILABLE, 'usage could not be stored; retry later'));
        },
      );
    },

    Heartbeat: (call, callback) => {
      if (!authorized(call, deps.nodeToken)) {
        callback(fail(grpc.status.UNAUTHENTICATED, 'missing or invalid node token'));
        return;
      }
      const nodeId = (call.request.nodeId ?? '').trim();
      if (!nodeId || nodeId.length > 200) {
        callback(fail(grpc.status.INVALID_ARGUMENT, 'node_id is required (at most 200 characters)'));
        return;
      }
      deps.nodes
        .recordHeartbeat(call.request, nodeId)
        .then(() => deps.snapshots.latestVersion())
        .then(
          (latestSnapshotVersion) => callback(null, { latestSnapshotVersion }),
          (error: unknown) => {
            deps.logger.error({ err: error, node: nodeId }, 'heartbeat could not be stored');
            callback(fail(grpc.status.UNAVAILABLE, 'heartbeat could not be stored; retry later'));
          },
        );
    },
  };
}
