import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A spending limit of a workspace, a key or a metadata tag (see `SnapshotBudget` for the invariants). */
@Entity({ name: 'budgets' })
export class BudgetEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique within the workspace; the 402 error names the budget by it. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** `workspace`, `key` or `tag`. */
  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'tag_key', type: 'varchar', length: 100, nullable: true })
  tagKey!: string | null;

  @Column({ name: 'tag_value', type: 'varchar', length: 200, nullable: true })
  tagValue!: string | null;

  /** bigint columns come back from pg as strings. */
  @Column({ name: 'limit_micro_usd', type: 'bigint', nullable: true })
  limitMicroUsd!: string | null;

  @Column({ name: 'limit_tokens', type: 'bigint', nullable: true })
  limitTokens!: string | null;

  /** `daily`, `weekly`, `monthly` or `total`. */
  @Column({ type: 'varchar', length: 16 })
  period!: string;

  /** IANA zone in which days, weeks (from Monday) and months start. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /** Percents of a limit whose crossing raises an event, ascending, e.g. [50, 80, 100]. */
  @Column({ name: 'alert_thresholds', type: 'int', array: true })
  alertThresholds!: number[];

  @Column({ name: 'webhook_url', type: 'varchar', length: 2000, nullable: true })
  webhookUrl!: string | null;

  /** The HMAC secret for the webhook signature, sealed under the master key; never in the API. */
  @Column({ name: 'webhook_secret_sealed', type: 'text', nullable: true })
  webhookSecretSealed!: string | null;

  @Column({ name: 'hard_stop', type: 'boolean' })
  hardStop!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
