// Original file: switchyard/v1/telemetry.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  latestSnapshotVersion?: number | string | Long;
}

export interface HeartbeatResponse__Output {
  latestSnapshotVersion: number;
}
