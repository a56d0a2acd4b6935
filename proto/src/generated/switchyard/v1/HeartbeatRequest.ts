// Original file: switchyard/v1/telemetry.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  nodeId?: string;
  hostname?: string;
  snapshotVersion?: number | string | Long;
  snapshotHash?: string;
  uptimeSeconds?: number | string | Long;
  softwareVersion?: string;
  usageQueueDepth?: number;
  usageSpilled?: number;
  lastSnapshotError?: string;
  gatewayUrl?: string;
}

export interface HeartbeatRequest__Output {
  nodeId: string;
  hostname: string;
  snapshotVersion: number;
  snapshotHash: string;
  uptimeSeconds: number;
  softwareVersion: string;
  usageQueueDepth: number;
  usageSpilled: number;
  lastSnapshotError: string;
  gatewayUrl: string;
}
