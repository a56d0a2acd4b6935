import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Compiled snapshots, ingested usage records and data-plane node heartbeats. */
export class SnapshotsUsageNodes1763960000001 implements MigrationInterface {
  name = 'SnapshotsUsageNodes1763960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE snapshots (
        version bigserial PRIMARY KEY,
        hash char(64) NOT NULL,
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // No foreign keys: usage is history and outlives what it refers to.
    await q.query(`
      CREATE TABLE usage_records (
        request_id varchar(200) PRIMARY KEY,
        workspace_id uuid,
        key_id uuid,
        route_id uuid,
        route_alias varchar(200),
        provider_id uuid,
        model varchar(200),
        endpoint varchar(100) NOT NULL,
        stream boolean NOT NULL,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cost_micro_usd bigint NOT NULL,
        latency_ms int NOT NULL,
        ttft_ms int,
        status int NOT NULL,
        error_code varchar(100),
        error_message text,
        started_at timestamptz NOT NULL,
        node_id varchar(200) NOT NULL,
        tokens_estimated boolean NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX usage_records_workspace_started_idx ON usage_records (workspace_id, started_at DESC)`,
    );
    await q.query(`CREATE INDEX usage_records_key_started_idx ON usage_records (key_id, started_at DESC)`);
    await q.query(`
      CREATE TABLE data_plane_nodes (
        node_id varchar(200) PRIMARY KEY,
        hostname varchar(255) NOT NULL,
        snapshot_version bigint NOT NULL,
        snapshot_hash varchar(64) NOT NULL,
        uptime_seconds bigint NOT NULL,
        software_version varchar(100) NOT NULL,
        usage_queue_depth int NOT NULL,
        usage_spilled int NOT NULL,
        last_snapshot_error text,
        gateway_url varchar(2000),
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE data_plane_nodes`);
    await q.query(`DROP TABLE usage_records`);
    await q.query(`DROP TABLE snapshots`);
  }
}
