import * as grpc from '@grpc/grpc-js';
import {
  grpcChannelSecurity,
  loadTelemetry,
  type GrpcClientTls,
  type HeartbeatRequest,
  type HeartbeatResponse__Output,
  type TelemetryClient,
  type UsageAck__Output,
} from '@switchyard/proto';

/**
 * The node's side of the control plane's Telemetry service: every call carries the node
 * token and a deadline. Reconnect back-off is capped low so a control plane that comes
 * back is used again within seconds.
 */
export class ControlPlaneClient {
  private readonly client: TelemetryClient;
  private readonly metadata = new grpc.Metadata();

  /** `tls` null dials in plaintext (local runs); otherwise over TLS, with a client certificate if given. */
  constructor(address: string, nodeToken: string, tls: GrpcClientTls | null = null) {
    const { Telemetry } = loadTelemetry();
    const { credentials, options } = grpcChannelSecurity(tls);
    this.client = new Telemetry(address, credentials, {
      ...options,
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2000,
      'grpc.keepalive_time_ms': 30_000,
    });
    this.metadata.set('authorization', `Bearer ${nodeToken}`);
  }

  /** Sends a `UsageBatch` already encoded (`encodeUsageBatch`): its bytes go out as they are. */
  reportUsage(batch: Buffer, timeoutMs: number): Promise<UsageAck__Output> {
    const method = loadTelemetry().Telemetry.service.ReportUsage;
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest<Buffer, UsageAck__Output>(
        method.path,
        (bytes) => bytes,
        (bytes) => method.responseDeserialize(bytes) as UsageAck__Output,
        batch,
        this.metadata,
        { deadline: Date.now() + timeoutMs },
        (err, ack) => (err || !ack ? reject(err ?? new Error('empty ack')) : resolve(ack)),
      );
    });
  }

  heartbeat(request: HeartbeatRequest, timeoutMs: number): Promise<HeartbeatResponse__Output> {
    return new Promise((resolve, reject) => {
      this.client.Heartbeat(request, this.metadata, { deadline: Date.now() + timeoutMs }, (err, res) =>
        err || !res ? reject(err ?? new Error('empty response')) : resolve(res),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
