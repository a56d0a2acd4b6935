import * as grpc from '@grpc/grpc-js';
import {
  loadTelemetry,
  type HeartbeatRequest__Output,
  type TelemetryHandlers,
  type UsageBatch__Output,
  type UsageRecord__Output,
} from '@switchyard/proto';

export const NODE_TOKEN = 'node-token-for-tests-0123456789';

/**
 * The Telemetry gRPC service as the control plane exposes it, reduced to recording what
 * nodes send (and checking their token). Stands in for the control plane in this package's
 * tests only; it can be stopped and started again on the same port.
 */
export class TestTelemetryServer {
  readonly batches: UsageBatch__Output[] = [];
  readonly heartbeats: HeartbeatRequest__Output[] = [];
  readonly unauthenticated: string[] = [];
  private server: grpc.Server | null = null;
  port = 0;

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get records(): UsageRecord__Output[] {
    return this.batches.flatMap((b) => b.records);
  }

  async start(): Promise<this> {
    const server = new grpc.Server();
    const authorized = (call: grpc.ServerUnaryCall<unknown, unknown>, what: string) => {
      const ok = call.metadata.get('authorization')[0] === `Bearer ${NODE_TOKEN}`;
      if (!ok) this.unauthenticated.push(what);
      return ok;
    };
    const handlers: TelemetryHandlers = {
      ReportUsage: (call, callback) => {
        if (!authorized(call, 'ReportUsage')) return callback({ code: grpc.status.UNAUTHENTICATED });
        this.batches.push(call.request);
        callback(null, { accepted: call.request.records.length, duplicates: 0 });
      },
      Heartbeat: (call, callback) => {
        if (!authorized(call, 'Heartbeat')) return callback({ code: grpc.status.UNAUTHENTICATED });
        this.heartbeats.push(call.request);
        callback(null, { latestSnapshotVersion: 0 });
      },
    };
    server.addService(loadTelemetry().Telemetry.service, handlers);
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
    this.server = server;
    return this;
  }

  /** Stops serving at once (connections dropped), keeping the port for a later `start()`. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    server.forceShutdown();
    return Promise.resolve();
  }
}
