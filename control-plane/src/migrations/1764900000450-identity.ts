import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in state: sessions (one row per issued session JWT, by its `jti`, so logout and
 * deactivation revoke it), admin API tokens (only a SHA-256 hash of the secret), and
 * installation secrets (the session signing key when SWITCHYARD_SESSION_SECRET is not set,
 * sealed under the master key, shared by every control-plane replica).
 */
export class Identity1764900000450 implements MigrationInterface {
  name = 'Identity1764900000450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        method varchar(16) NOT NULL CHECK (method IN ('password', 'oidc')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        token_hash char(64) NOT NULL,
        prefix varchar(16) NOT NULL,
        created_by_user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        created_by varchar(200) NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash)`);
    await q.query(`CREATE UNIQUE INDEX api_tokens_name_key ON api_tokens (workspace_id, name)`);
    await q.query(`
      CREATE TABLE installation_secrets (
        name varchar(100) PRIMARY KEY,
        sealed_value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE installation_secrets`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE sessions`);
  }
}
