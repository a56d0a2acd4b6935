import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordChange } from './audit-entry';

/**
 * One admin mutation: who, when, what, on which record, before and after (secrets masked),
 * and how it ended. Entries are never updated once their mutation has finished, and never
 * reference other tables, so they outlive what they describe.
 */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  /** bigserial, returned by pg as a string; also the order of entries. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** `Principal.kind` (e.g. `admin-token`), or `system` for changes the control plane makes itself. */
  @Column({ name: 'actor_kind', type: 'varchar', length: 64 })
  actorKind!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 200 })
  actorId!: string;

  @Column({ name: 'actor_label', type: 'varchar', length: 200, nullable: true })
  actorLabel!: string | null;

  /** The workspace the mutation was scoped to; null for installation-wide ones. */
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId!: string | null;

  /** The GraphQL mutation name. */
  @Column({ type: 'varchar', length: 200 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 200, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 200, nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;

  @Column({ type: 'jsonb' })
  changes!: RecordChange[];

  @Column({ name: 'record_types', type: 'text', array: true })
  recordTypes!: string[];

  @Column({ name: 'record_ids', type: 'text', array: true })
  recordIds!: string[];

  /** `success`, or the error code of a refused or failed mutation. */
  @Column({ type: 'varchar', length: 100 })
  outcome!: string;

  @Column({ name: 'error_message', type: 'varchar', length: 2000, nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 200, nullable: true })
  requestId!: string | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 100, nullable: true })
  clientIp!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 1000, nullable: true })
  userAgent!: string | null;
}
