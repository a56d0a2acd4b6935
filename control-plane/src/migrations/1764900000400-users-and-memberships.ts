import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People: users (local password, OIDC or SCIM-provisioned) and their role in each workspace.
 * Emails are unique case-insensitively; an OIDC identity (issuer, subject) maps to one user.
 */
export class UsersAndMemberships1764900000400 implements MigrationInterface {
  name = 'UsersAndMemberships1764900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email varchar(320) NOT NULL,
        display_name varchar(200) NOT NULL DEFAULT '',
        password_hash text,
        installation_admin boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        external_id varchar(200),
        oidc_issuer varchar(500),
        oidc_subject varchar(255),
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_oidc_identity CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE UNIQUE INDEX users_oidc_identity_key ON users (oidc_issuer, oidc_subject)`);
    await q.query(`CREATE UNIQUE INDEX users_external_id_key ON users (external_id)`);
    await q.query(`
      CREATE TABLE memberships (
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        source varchar(16) NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'scim', 'oidc')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE memberships`);
    await q.query(`DROP TABLE users`);
  }
}
