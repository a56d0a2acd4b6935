import type { DataPlaneNode, SnapshotInfo } from './types';

/** Heartbeats come every few seconds (SWITCHYARD_HEARTBEAT_MS, 5 s by default); 30 s of silence is news. */
export const STALE_AFTER_MS = 30_000;

export type Drift =
  | { kind: 'current' }
  | { kind: 'behind'; by: number }
  | { kind: 'ahead' }
  | { kind: 'unknown' };

/** How far a node's running snapshot is from the newest one the control plane published. */
export function driftOf(node: DataPlaneNode, latest: SnapshotInfo | null | undefined): Drift {
  if (!latest) return { kind: 'unknown' };
  if (node.snapshotVersion === latest.version) return { kind: 'current' };
  if (node.snapshotVersion < latest.version)
    return { kind: 'behind', by: latest.version - node.snapshotVersion };
  return { kind: 'ahead' };
}

export function isStale(node: DataPlaneNode, now: number): boolean {
  return now - new Date(node.lastSeenAt).getTime() > STALE_AFTER_MS;
}
