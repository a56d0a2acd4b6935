import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets, their running spend per window (incremented by usage ingest, never summed from
 * usage_records), the highest budget sequence counted per node, and threshold events.
 */
export class Budgets1764900000000 implements MigrationInterface {
  name = 'Budgets1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budgets (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        scope varchar(16) NOT NULL,
        key_id uuid REFERENCES virtual_keys (id) ON DELETE CASCADE,
        tag_key varchar(100),
        tag_value varchar(200),
        limit_micro_usd bigint,
        limit_tokens bigint,
        period varchar(16) NOT NULL,
        timezone varchar(64) NOT NULL,
        alert_thresholds int[] NOT NULL,
        webhook_url varchar(2000),
        webhook_secret_sealed text,
        hard_stop boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT budgets_workspace_name_key UNIQUE (workspace_id, name),
        CONSTRAINT budgets_some_limit CHECK (limit_micro_usd IS NOT NULL OR limit_tokens IS NOT NULL)
      )`);
    // One row per budget and window; the window start is an instant (local midnight in the budget's zone).
    await q.query(`
      CREATE TABLE budget_counters (
        budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        spent_micro_usd bigint NOT NULL DEFAULT 0,
        spent_tokens bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (budget_id, window_start)
      )`);
    await q.query(`
      CREATE TABLE budget_node_marks (
        node_id varchar(200) PRIMARY KEY,
        counted_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE budget_events (
        id uuid PRIMARY KEY,
        budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        threshold int NOT NULL,
        spent_micro_usd bigint NOT NULL,
        spent_tokens bigint NOT NULL,
        webhook_status varchar(16) NOT NULL,
        webhook_attempts int NOT NULL DEFAULT 0,
        webhook_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT budget_events_once UNIQUE (budget_id, window_start, threshold)
      )`);
    await q.query(`CREATE INDEX budget_events_workspace ON budget_events (workspace_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE budget_events`);
    await q.query(`DROP TABLE budget_node_marks`);
    await q.query(`DROP TABLE budget_counters`);
    await q.query(`DROP TABLE budgets`);
  }
}
