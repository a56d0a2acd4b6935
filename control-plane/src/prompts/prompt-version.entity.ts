import type { SnapshotPromptMessage } from '@switchyard/proto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One version of a prompt template. Inserted once, never updated (labels move instead). */
@Entity({ name: 'prompt_versions' })
export class PromptVersionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'prompt_id', type: 'uuid' })
  promptId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** 1, 2, 3, … per prompt. */
  @Column({ type: 'int' })
  version!: number;

  /** The route alias the rendered request goes to. */
  @Column({ type: 'varchar', length: 200 })
  model!: string;

  /** Mustache templates, checked by `parsePromptTemplate` when written. */
  @Column({ type: 'jsonb' })
  messages!: SnapshotPromptMessage[];

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  /** Variables a render needs, detected when written. */
  @Column({ type: 'jsonb' })
  variables!: string[];

  /** Variables used only as section conditions. */
  @Column({ name: 'optional_variables', type: 'jsonb' })
  optionalVariables!: string[];

  /** Who wrote it (the principal's id). */
  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
