import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A person who uses the console or the admin API. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Unique case-insensitively; stored as given. */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200, default: '' })
  displayName!: string;

  /** argon2id hash; null for users who only sign in through SSO. Never exposed. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  /** Holds every role in every workspace, and installation-wide settings. */
  @Column({ name: 'installation_admin', type: 'boolean', default: false })
  installationAdmin!: boolean;

  /** False once deactivated (by an admin or SCIM): no sign-in, sessions and tokens stop working. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The identity provider's id for this user (SCIM `externalId`). */
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  @Column({ name: 'oidc_issuer', type: 'varchar', length: 500, nullable: true })
  oidcIssuer!: string | null;

  @Column({ name: 'oidc_subject', type: 'varchar', length: 255, nullable: true })
  oidcSubject!: string | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
