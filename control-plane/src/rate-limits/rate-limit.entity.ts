import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

const bigintNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * The rate limit of a whole workspace (no key, no route), of one key or of one route; at
 * most one per target. A null limit does not limit; at least one is set.
 */
@Entity({ name: 'rate_limits' })
export class RateLimitEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'route_id', type: 'uuid', nullable: true })
  routeId!: string | null;

  @Column({ name: 'requests_per_window', type: 'integer', nullable: true })
  requestsPerWindow!: number | null;

  @Column({ name: 'tokens_per_window', type: 'bigint', nullable: true, transformer: bigintNumber })
  tokensPerWindow!: number | null;

  @Column({ name: 'window_seconds', type: 'integer' })
  windowSeconds!: number;

  @Column({ type: 'integer', nullable: true })
  concurrent!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
