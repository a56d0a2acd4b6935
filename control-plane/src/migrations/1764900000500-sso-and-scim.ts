import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on and provisioning: SCIM bearer tokens (hash only), SCIM groups and their
 * members, group → (workspace, role) mappings shared by SCIM groups and the OIDC groups
 * claim, the installation's OIDC settings (one row, client secret sealed) and the pending
 * OIDC sign-ins (state, nonce and PKCE verifier, single use).
 */
export class SsoAndScim1764900000500 implements MigrationInterface {
  name = 'SsoAndScim1764900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scim_tokens (
        id uuid PRIMARY KEY,
        name varchar(100) NOT NULL,
        prefix varchar(16) NOT NULL,
        token_hash char(64) NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scim_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`
      CREATE TABLE scim_groups (
        id uuid PRIMARY KEY,
        display_name varchar(256) NOT NULL,
        external_id varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX scim_groups_display_name_key ON scim_groups (lower(display_name))`);
    await q.query(`CREATE UNIQUE INDEX scim_groups_external_id_key ON scim_groups (external_id)`);
    await q.query(`
      CREATE TABLE scim_group_members (
        group_id uuid NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      )`);
    await q.query(`CREATE INDEX scim_group_members_user_idx ON scim_group_members (user_id)`);
    await q.query(`
      CREATE TABLE group_role_mappings (
        id uuid PRIMARY KEY,
        group_name varchar(256) NOT NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX group_role_mappings_key ON group_role_mappings (lower(group_name), workspace_id)`,
    );
    await q.query(`
      CREATE TABLE oidc_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        enabled boolean NOT NULL DEFAULT true,
        issuer varchar(500) NOT NULL,
        client_id varchar(255) NOT NULL,
        client_secret_sealed text,
        redirect_uri varchar(1000) NOT NULL,
        scopes varchar(500) NOT NULL DEFAULT 'openid email profile',
        default_workspace_id uuid REFERENCES workspaces (id) ON DELETE SET NULL,
        default_role varchar(16) CHECK (default_role IN ('owner', 'admin', 'member', 'viewer')),
        allowed_email_domains text[] NOT NULL DEFAULT '{}',
        groups_claim varchar(100),
        post_login_redirect varchar(1000) NOT NULL DEFAULT '/',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE oidc_login_attempts (
        state varchar(64) PRIMARY KEY,
        nonce varchar(64) NOT NULL,
        code_verifier varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_login_attempts`);
    await q.query(`DROP TABLE oidc_settings`);
    await q.query(`DROP TABLE group_role_mappings`);
    await q.query(`DROP TABLE scim_group_members`);
    await q.query(`DROP TABLE scim_groups`);
    await q.query(`DROP TABLE scim_tokens`);
  }
}
