// Original file: switchyard/v1/telemetry.proto

import type {
  UsageRecord as _switchyard_v1_UsageRecord,
  UsageRecord__Output as _switchyard_v1_UsageRecord__Output,
} from '../../switchyard/v1/UsageRecord';

export interface UsageBatch {
  nodeId?: string;
  records?: _switchyard_v1_UsageRecord[];
}

export interface UsageBatch__Output {
  nodeId: string;
  records: _switchyard_v1_UsageRecord__Output[];
}
