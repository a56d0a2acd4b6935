import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspaces and what the data plane enforces: provider accounts, routes and their targets, virtual keys. */
export class ConfigTables1763960000000 implements MigrationInterface {
  name = 'ConfigTables1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY,
        slug varchar(64) NOT NULL CONSTRAINT workspaces_slug_key UNIQUE,
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE provider_accounts (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        kind varchar(64) NOT NULL,
        base_url varchar(2000) NOT NULL,
        credentials_sealed text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_accounts_workspace_name_key UNIQUE (workspace_id, name)
      )`);
    await q.query(`
      CREATE TABLE routes (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        alias varchar(200) NOT NULL,
        strategy varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT routes_workspace_alias_key UNIQUE (workspace_id, alias)
      )`);
    // A provider still targeted by a route cannot be deleted (so a workspace delete removes
    // its routes first; see WorkspacesService.delete).
    await q.query(`
      CREATE TABLE route_targets (
        route_id uuid NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
        position int NOT NULL,
        provider_id uuid NOT NULL CONSTRAINT route_targets_provider_fkey REFERENCES provider_accounts (id),
        model varchar(200) NOT NULL,
        PRIMARY KEY (route_id, position)
      )`);
    await q.query(`CREATE INDEX route_targets_provider_idx ON route_targets (provider_id)`);
    await q.query(`
      CREATE TABLE virtual_keys (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        prefix varchar(16) NOT NULL,
        key_hash char(64) NOT NULL CONSTRAINT virtual_keys_key_hash_key UNIQUE,
        expires_at timestamptz,
        revoked_at timestamptz,
        allowed_route_ids uuid[],
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT virtual_keys_workspace_name_key UNIQUE (workspace_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE virtual_keys`);
    await q.query(`DROP TABLE route_targets`);
    await q.query(`DROP TABLE routes`);
    await q.query(`DROP TABLE provider_accounts`);
    await q.query(`DROP TABLE workspaces`);
  }
}
