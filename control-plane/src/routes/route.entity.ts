import type {
  SnapshotCache,
  SnapshotConditions,
  SnapshotEnsemble,
  SnapshotFallbackPolicy,
  SnapshotSemantic,
} from '@switchyard/proto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A model alias clients call, and how it maps onto provider models. The strategy blocks
 * are stored in their snapshot shape (jsonb): they are read whole and only ever written
 * after `RoutesService` checked them. Provider and route ids inside them (a judge, an
 * embedder) have no foreign key, so deletes check them by query.
 */
@Entity({ name: 'routes' })
export class RouteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** What clients send as `model`; unique within the workspace. */
  @Column({ type: 'varchar', length: 200 })
  alias!: string;

  @Column({ type: 'varchar', length: 32 })
  strategy!: string;

  @Column({ type: 'jsonb', nullable: true })
  fallback!: SnapshotFallbackPolicy | null;

  @Column({ type: 'jsonb', nullable: true })
  conditions!: SnapshotConditions | null;

  @Column({ type: 'jsonb', nullable: true })
  semantic!: SnapshotSemantic | null;

  @Column({ type: 'jsonb', nullable: true })
  ensemble!: SnapshotEnsemble | null;

  /** Response cache settings (snapshot shape); null: the key's settings, if any, apply. */
  @Column({ type: 'jsonb', nullable: true })
  cache!: SnapshotCache | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
