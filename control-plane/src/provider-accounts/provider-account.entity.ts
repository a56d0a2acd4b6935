import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An upstream LLM provider account of a workspace. */
@Entity({ name: 'provider_accounts' })
export class ProviderAccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique within the workspace. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ name: 'base_url', type: 'varchar', length: 2000 })
  baseUrl!: string;

  /** Non-secret, kind-specific settings (`SnapshotProvider.options`), or null for none. */
  @Column({ type: 'jsonb', nullable: true })
  options!: Record<string, string | number | boolean> | null;

  /** `ProviderCredentials` JSON sealed under the master key (context `provider:<id>`), or null. Never exposed. */
  @Column({ name: 'credentials_sealed', type: 'text', nullable: true })
  credentialsSealed!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
