import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A workspace's price for one model of one provider kind, replacing the shipped catalog's. */
@Entity({ name: 'model_prices' })
export class ModelPriceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique with `model` within the workspace. */
  @Column({ name: 'provider_kind', type: 'varchar', length: 64 })
  providerKind!: string;

  @Column({ type: 'varchar', length: 200 })
  model!: string;

  /** Micro-USD per million tokens; bigint columns come back from pg as strings. */
  @Column({ name: 'input_per_mtok', type: 'bigint' })
  inputPerMTok!: string;

  @Column({ name: 'output_per_mtok', type: 'bigint' })
  outputPerMTok!: string;

  @Column({ name: 'cached_input_per_mtok', type: 'bigint', nullable: true })
  cachedInputPerMTok!: string | null;

  @Column({ name: 'context_window', type: 'int', nullable: true })
  contextWindow!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
