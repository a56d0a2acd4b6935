import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';

/**
 * An admin API token: acts in one workspace with one role (never more than its creator
 * holds there). Only the SHA-256 of the secret is stored; the secret is shown once.
 */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: WorkspaceRole;

  /** Hex SHA-256 of the secret. Never exposed. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** The first characters of the secret, so people can recognise it. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** The user who created it; null when the bootstrap admin token did. */
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  /** Who created it, for display: an email or `bootstrap-admin`. */
  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
