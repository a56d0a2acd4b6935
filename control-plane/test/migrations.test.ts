import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/migrations';
import { createTestDatabase, sql } from './support/infra';

const TABLES = [
  'api_tokens',
  'audit_log',
  'budget_counters',
  'budget_events',
  'budget_node_marks',
  'budgets',
  'data_plane_nodes',
  'group_role_mappings',
  'guardrail_attachments',
  'guardrail_policies',
  'installation_secrets',
  'mcp_access',
  'mcp_servers',
  'memberships',
  'model_prices',
  'oidc_login_attempts',
  'oidc_settings',
  'prompt_labels',
  'prompt_versions',
  'prompts',
  'provider_accounts',
  'rate_limits',
  'route_targets',
  'routes',
  'scim_group_members',
  'scim_groups',
  'scim_tokens',
  'sessions',
  'snapshots',
  'usage_records',
  'users',
  'virtual_keys',
  'workspaces',
];

async function tables(url: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

it('migrates a fresh database up, all the way down, and up again', async () => {
  const db = await createTestDatabase();
  const dataSource = new DataSource({ ...dataSourceOptions(db.url), migrationsRun: false });
  try {
    await dataSource.initialize();
    expect(await dataSource.runMigrations()).toHaveLength(MIGRATIONS.length);
    expect(await tables(db.url)).toEqual(TABLES);
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tables(db.url)).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(true);

    await dataSource.runMigrations();
    expect(await tables(db.url)).toEqual(TABLES);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
});
