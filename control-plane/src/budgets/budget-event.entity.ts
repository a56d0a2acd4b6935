import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A budget crossed one of its alert thresholds in a window; at most one per (budget, window, threshold). */
@Entity({ name: 'budget_events' })
export class BudgetEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'budget_id', type: 'uuid' })
  budgetId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  /** The percent of a limit that was reached. */
  @Column({ type: 'int' })
  threshold!: number;

  @Column({ name: 'spent_micro_usd', type: 'bigint' })
  spentMicroUsd!: string;

  @Column({ name: 'spent_tokens', type: 'bigint' })
  spentTokens!: string;

  /** `none` (no webhook), `pending`, `delivered` or `failed`. */
  @Column({ name: 'webhook_status', type: 'varchar', length: 16 })
  webhookStatus!: string;

  @Column({ name: 'webhook_attempts', type: 'int', default: 0 })
  webhookAttempts!: number;

  @Column({ name: 'webhook_error', type: 'text', nullable: true })
  webhookError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
