import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HeartbeatRequest__Output } from '@switchyard/proto';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { DataPlaneNodeEntity } from './data-plane-node.entity';

const INT32_MAX = 2 ** 31 - 1;

@Injectable()
export class NodesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One upsert per heartbeat; `first_seen_at` is kept from the first one. */
  async recordHeartbeat(beat: HeartbeatRequest__Output, nodeId: string): Promise<void> {
    const now = new Date().toISOString();
    await this.dataSource.query(
      `INSERT INTO data_plane_nodes (node_id, hostname, snapshot_version, snapshot_hash, uptime_seconds,
         software_version, usage_queue_depth, usage_spilled, last_snapshot_error, gateway_url, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (node_id) DO UPDATE SET
         hostname = EXCLUDED.hostname, snapshot_version = EXCLUDED.snapshot_version,
         snapshot_hash = EXCLUDED.snapshot_hash, uptime_seconds = EXCLUDED.uptime_seconds,
         software_version = EXCLUDED.software_version, usage_queue_depth = EXCLUDED.usage_queue_depth,
         usage_spilled = EXCLUDED.usage_spilled, last_snapshot_error = EXCLUDED.last_snapshot_error,
         gateway_url = EXCLUDED.gateway_url, last_seen_at = EXCLUDED.last_seen_at`,
      [
        nodeId,
        (beat.hostname ?? '').slice(0, 255),
        nonNegative(beat.snapshotVersion, Number.MAX_SAFE_INTEGER),
        (beat.snapshotHash ?? '').slice(0, 64),
        nonNegative(beat.uptimeSeconds, Number.MAX_SAFE_INTEGER),
        (beat.softwareVersion ?? '').slice(0, 100),
        nonNegative(beat.usageQueueDepth, INT32_MAX),
        nonNegative(beat.usageSpilled, INT32_MAX),
        beat.lastSnapshotError ? beat.lastSnapshotError.slice(0, 4000) : null,
        beat.gatewayUrl ? beat.gatewayUrl.slice(0, 2000) : null,
        now,
      ],
    );
  }

  list(): Promise<DataPlaneNodeEntity[]> {
    return this.dataSource.manager.find(DataPlaneNodeEntity, { order: { nodeId: 'ASC' } });
  }

  /** Nodes whose last heartbeat arrived at or after `since`. */
  countSeenSince(since: Date): Promise<number> {
    return this.dataSource.manager.count(DataPlaneNodeEntity, {
      where: { lastSeenAt: MoreThanOrEqual(since) },
    });
  }
}

function nonNegative(value: number | undefined, max: number): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : 0;
}
