// Original file: switchyard/v1/telemetry.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  HeartbeatRequest as _switchyard_v1_HeartbeatRequest,
  HeartbeatRequest__Output as _switchyard_v1_HeartbeatRequest__Output,
} from '../../switchyard/v1/HeartbeatRequest';
import type {
  HeartbeatResponse as _switchyard_v1_HeartbeatResponse,
  HeartbeatResponse__Output as _switchyard_v1_HeartbeatResponse__Output,
} from '../../switchyard/v1/HeartbeatResponse';
import type {
  UsageAck as _switchyard_v1_UsageAck,
  UsageAck__Output as _switchyard_v1_UsageAck__Output,
} from '../../switchyard/v1/UsageAck';
import type {
  UsageBatch as _switchyard_v1_UsageBatch,
  UsageBatch__Output as _switchyard_v1_UsageBatch__Output,
} from '../../switchyard/v1/UsageBatch';

export interface TelemetryClient extends grpc.Client {
  Heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  Heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  Heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  Heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  heartbeat(
    argument: _switchyard_v1_HeartbeatRequest,
    callback: grpc.requestCallback<_switchyard_v1_HeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;

  ReportUsage(
    argument: _switchyard_v1_UsageBatch,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  ReportUsage(
    argument: _switchyard_v1_UsageBatch,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  ReportUsage(
    argument: _switchyard_v1_UsageBatch,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  ReportUsage(
    argument: _switchyard_v1_UsageBatch,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  reportUsage(
    argument: _switchyard_v1_UsageBatch,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  reportUsage(
    argument: _switchyard_v1_UsageBatch,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  reportUsage(
    argument: _switchyard_v1_UsageBatch,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
  reportUsage(
    argument: _switchyard_v1_UsageBatch,
    callback: grpc.requestCallback<_switchyard_v1_UsageAck__Output>,
  ): grpc.ClientUnaryCall;
}

export interface TelemetryHandlers extends grpc.UntypedServiceImplementation {
  Heartbeat: grpc.handleUnaryCall<_switchyard_v1_HeartbeatRequest__Output, _switchyard_v1_HeartbeatResponse>;

  ReportUsage: grpc.handleUnaryCall<_switchyard_v1_UsageBatch__Output, _switchyard_v1_UsageAck>;
}

export interface TelemetryDefinition extends grpc.ServiceDefinition {
  Heartbeat: MethodDefinition<
    _switchyard_v1_HeartbeatRequest,
    _switchyard_v1_HeartbeatResponse,
    _switchyard_v1_HeartbeatRequest__Output,
    _switchyard_v1_HeartbeatResponse__Output
  >;
  ReportUsage: MethodDefinition<
    _switchyard_v1_UsageBatch,
    _switchyard_v1_UsageAck,
    _switchyard_v1_UsageBatch__Output,
    _switchyard_v1_UsageAck__Output
  >;
}
