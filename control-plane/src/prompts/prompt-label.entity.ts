import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A label (`production`, `staging`, …) naming one version of a prompt; moving it edits no version. */
@Entity({ name: 'prompt_labels' })
export class PromptLabelEntity {
  @PrimaryColumn({ name: 'prompt_id', type: 'uuid' })
  promptId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  label!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 200 })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
