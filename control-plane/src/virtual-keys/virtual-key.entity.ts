import type { SnapshotCache } from '@switchyard/proto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A key applications use to call the gateway. Only the hash of its secret is stored. */
@Entity({ name: 'virtual_keys' })
export class VirtualKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique within the workspace. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** First characters of the secret, for recognition. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** `hashKeySecret(secret)`: lower-case hex SHA-256, unique. Never exposed. */
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Sorted route ids of the same workspace this key may call; null = every route. */
  @Column({ name: 'allowed_route_ids', type: 'uuid', array: true, nullable: true })
  allowedRouteIds!: string[] | null;

  /** Response cache settings (snapshot shape) for routes that set none; null: no caching. */
  @Column({ type: 'jsonb', nullable: true })
  cache!: SnapshotCache | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
