import type { SnapshotGuardrailCheck } from '@switchyard/proto';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A guardrail policy of a workspace: named checks run on requests, answers or both. */
@Entity({ name: 'guardrail_policies' })
export class GuardrailPolicyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique within the workspace. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** `input`, `output` or `both`. */
  @Column({ type: 'varchar', length: 16 })
  stage!: string;

  /** `sync` (enforced) or `async` (recorded only). */
  @Column({ type: 'varchar', length: 16 })
  mode!: string;

  /** The default action: `deny`, `redact` or `flag`. */
  @Column({ type: 'varchar', length: 16 })
  action!: string;

  /** The checks, in order, as the snapshot carries them (validated by `guardrailPolicyProblems`). */
  @Column({ type: 'jsonb' })
  checks!: SnapshotGuardrailCheck[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
