import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  GuardrailVerdict as _switchyard_v1_GuardrailVerdict,
  GuardrailVerdict__Output as _switchyard_v1_GuardrailVerdict__Output,
} from './switchyard/v1/GuardrailVerdict';
import type {
  HeartbeatRequest as _switchyard_v1_HeartbeatRequest,
  HeartbeatRequest__Output as _switchyard_v1_HeartbeatRequest__Output,
} from './switchyard/v1/HeartbeatRequest';
import type {
  HeartbeatResponse as _switchyard_v1_HeartbeatResponse,
  HeartbeatResponse__Output as _switchyard_v1_HeartbeatResponse__Output,
} from './switchyard/v1/HeartbeatResponse';
import type {
  TelemetryClient as _switchyard_v1_TelemetryClient,
  TelemetryDefinition as _switchyard_v1_TelemetryDefinition,
} from './switchyard/v1/Telemetry';
import type {
  UsageAck as _switchyard_v1_UsageAck,
  UsageAck__Output as _switchyard_v1_UsageAck__Output,
} from './switchyard/v1/UsageAck';
import type {
  UsageBatch as _switchyard_v1_UsageBatch,
  UsageBatch__Output as _switchyard_v1_UsageBatch__Output,
} from './switchyard/v1/UsageBatch';
import type {
  UsageRecord as _switchyard_v1_UsageRecord,
  UsageRecord__Output as _switchyard_v1_UsageRecord__Output,
} from './switchyard/v1/UsageRecord';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  switchyard: {
    v1: {
      GuardrailVerdict: MessageTypeDefinition<
        _switchyard_v1_GuardrailVerdict,
        _switchyard_v1_GuardrailVerdict__Output
      >;
      HeartbeatRequest: MessageTypeDefinition<
        _switchyard_v1_HeartbeatRequest,
        _switchyard_v1_HeartbeatRequest__Output
      >;
      HeartbeatResponse: MessageTypeDefinition<
        _switchyard_v1_HeartbeatResponse,
        _switchyard_v1_HeartbeatResponse__Output
      >;
      Telemetry: SubtypeConstructor<typeof grpc.Client, _switchyard_v1_TelemetryClient> & {
        service: _switchyard_v1_TelemetryDefinition;
      };
      UsageAck: MessageTypeDefinition<_switchyard_v1_UsageAck, _switchyard_v1_UsageAck__Output>;
      UsageBatch: MessageTypeDefinition<_switchyard_v1_UsageBatch, _switchyard_v1_UsageBatch__Output>;
      UsageRecord: MessageTypeDefinition<_switchyard_v1_UsageRecord, _switchyard_v1_UsageRecord__Output>;
    };
  };
}
