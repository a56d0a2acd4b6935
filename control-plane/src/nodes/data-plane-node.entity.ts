import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last heartbeat of each data-plane node: which snapshot it runs and how its usage queue is doing. */
@Entity({ name: 'data_plane_nodes' })
export class DataPlaneNodeEntity {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 200 })
  nodeId!: string;

  @Column({ type: 'varchar', length: 255 })
  hostname!: string;

  /** 0 when the node has not applied any snapshot yet. */
  @Column({ name: 'snapshot_version', type: 'bigint' })
  snapshotVersion!: string;

  @Column({ name: 'snapshot_hash', type: 'varchar', length: 64 })
  snapshotHash!: string;

  @Column({ name: 'uptime_seconds', type: 'bigint' })
  uptimeSeconds!: string;

  @Column({ name: 'software_version', type: 'varchar', length: 100 })
  softwareVersion!: string;

  @Column({ name: 'usage_queue_depth', type: 'int' })
  usageQueueDepth!: number;

  @Column({ name: 'usage_spilled', type: 'int' })
  usageSpilled!: number;

  @Column({ name: 'last_snapshot_error', type: 'text', nullable: true })
  lastSnapshotError!: string | null;

  @Column({ name: 'gateway_url', type: 'varchar', length: 2000, nullable: true })
  gatewayUrl!: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
