import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';

/** The installation's OIDC sign-in settings: at most one row (id 1). The client secret is sealed. */
@Entity({ name: 'oidc_settings' })
export class OidcSettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 500 })
  issuer!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId!: string;

  /** Sealed under the master key (context `oidc:client-secret`); never exposed. */
  @Column({ name: 'client_secret_sealed', type: 'text', nullable: true })
  clientSecretSealed!: string | null;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 1000 })
  redirectUri!: string;

  /** Space-separated. */
  @Column({ type: 'varchar', length: 500 })
  scopes!: string;

  @Column({ name: 'default_workspace_id', type: 'uuid', nullable: true })
  defaultWorkspaceId!: string | null;

  @Column({ name: 'default_role', type: 'varchar', length: 16, nullable: true })
  defaultRole!: WorkspaceRole | null;

  @Column({ name: 'allowed_email_domains', type: 'text', array: true })
  allowedEmailDomains!: string[];

  @Column({ name: 'groups_claim', type: 'varchar', length: 100, nullable: true })
  groupsClaim!: string | null;

  @Column({ name: 'post_login_redirect', type: 'varchar', length: 1000 })
  postLoginRedirect!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
