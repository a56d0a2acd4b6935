export * from './snapshot';
export * from './budget-window';
export * from './budget-state';
export { snapshotSchema } from './snapshot-schema';
export { validateSnapshot, type SnapshotValidation } from './validate';
export { canonicalJson, snapshotHash } from './canonical';
export { parseSecretKey, sealSecret, openSecret, hashKeySecret } from './secrets';
export * from './catalog';
export {
  loadTelemetry,
  telemetryDefinition,
  PROTO_ROOT,
  TELEMETRY_PROTO,
  PROTO_LOADER_OPTIONS,
} from './telemetry';
export { encodeUsageRecord, encodeUsageBatch, decodeUsageBatch, decodeUsageRecords } from './usage-encoding';
export type { UsageRecord, UsageRecord__Output } from './generated/switchyard/v1/UsageRecord';
export type { UsageBatch, UsageBatch__Output } from './generated/switchyard/v1/UsageBatch';
export type { UsageAck, UsageAck__Output } from './generated/switchyard/v1/UsageAck';
export type { HeartbeatRequest, HeartbeatRequest__Output } from './generated/switchyard/v1/HeartbeatRequest';
export type {
  HeartbeatResponse,
  HeartbeatResponse__Output,
} from './generated/switchyard/v1/HeartbeatResponse';
export type { TelemetryHandlers } from './generated/switchyard/v1/Telemetry';
export type { TelemetryClient } from './generated/switchyard/v1/Telemetry';

export * from './snapshot-transport';
/** Default name of the JetStream key-value bucket holding snapshots. */
export const DEFAULT_SNAPSHOT_BUCKET = 'switchyard-config';
export * from './guardrails';
export * from './rate-limit-wire';
export * from './prompts';
export {
  TransportEnvError,
  GRPC_SERVER_TLS_VARS,
  GRPC_CLIENT_TLS_VARS,
  NATS_SECURITY_VARS,
  readGrpcServerTls,
  readGrpcClientTls,
  readNatsSecurity,
  grpcServerCredentials,
  grpcChannelSecurity,
  type GrpcServerTls,
  type GrpcClientTls,
  type NatsSecurity,
} from './transport-security';
export { OUTBOUND_ALLOW_VAR, OutboundPolicy, OutboundBlockedError, OutboundPolicyError } from './outbound';
