import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A model alias clients call, and how it maps onto provider models. */
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
