import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/migrations';
import { createTestDatabase, sql } from './support/infra';

const TABLES = [
  'data_plane_nodes',
  'guardrail_attachments',
  'guardrail_policies',
  'mcp_access',
  'mcp_servers',
  'model_prices',
  'provider_accounts',
  'route_targets',
  'routes',
  'snapshots',
  'usage_records',
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
