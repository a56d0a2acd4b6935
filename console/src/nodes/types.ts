/** react-admin needs an `id` on every record: a data-plane node's is its node id. */
export interface DataPlaneNode {
  id: string;
  nodeId: string;
  hostname: string;
  snapshotVersion: number;
  snapshotHash: string;
  uptimeSeconds: number;
  softwareVersion: string;
  usageQueueDepth: number;
  usageSpilled: number;
  lastSnapshotError: string | null;
  gatewayUrl: string | null;
  lastSeenAt: string;
}

export interface SnapshotInfo {
  version: number;
  hash: string;
  createdAt: string;
}
