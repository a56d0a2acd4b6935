import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant: everything else (providers, routes, keys) belongs to exactly one workspace. */
@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Unique, URL-safe, never changes (the natural key used by declarative config). */
  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Log this workspace's prompts and responses (redacted by its guardrail policies). */
  @Column({ name: 'log_payloads', type: 'boolean', default: false })
  logPayloads!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
