import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MCP servers, keys' access to them, and request/response sizes on usage records (tool calls). */
export class McpGateway1764600000000 implements MigrationInterface {
  name = 'McpGateway1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mcp_servers (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        slug varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        url varchar(2000) NOT NULL,
        transport varchar(32) NOT NULL,
        auth_type varchar(16) NOT NULL,
        credentials_sealed text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mcp_servers_workspace_slug_key UNIQUE (workspace_id, slug)
      )`);
    // Access goes with the key or the server it names.
    await q.query(`
      CREATE TABLE mcp_access (
        key_id uuid NOT NULL REFERENCES virtual_keys (id) ON DELETE CASCADE,
        server_id uuid NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        allow_tools text[],
        deny_tools text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key_id, server_id)
      )`);
    await q.query(`CREATE INDEX mcp_access_server_idx ON mcp_access (server_id)`);
    await q.query(
      `ALTER TABLE usage_records ADD COLUMN request_bytes bigint, ADD COLUMN response_bytes bigint`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE usage_records DROP COLUMN request_bytes, DROP COLUMN response_bytes`);
    await q.query(`DROP TABLE mcp_access`);
    await q.query(`DROP TABLE mcp_servers`);
  }
}
