import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate limits of a workspace, a key or a route: requests and tokens per window, requests in flight. */
export class RateLimits1764900000100 implements MigrationInterface {
  name = 'RateLimits1764900000100';

  async up(q: QueryRunner): Promise<void> {
    // A limit goes with the key or route it names.
    await q.query(`
      CREATE TABLE rate_limits (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        key_id uuid REFERENCES virtual_keys (id) ON DELETE CASCADE,
        route_id uuid REFERENCES routes (id) ON DELETE CASCADE,
        requests_per_window integer,
        tokens_per_window bigint,
        window_seconds integer NOT NULL DEFAULT 60,
        concurrent integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rate_limits_one_target CHECK (key_id IS NULL OR route_id IS NULL),
        CONSTRAINT rate_limits_something CHECK (
          requests_per_window IS NOT NULL OR tokens_per_window IS NOT NULL OR concurrent IS NOT NULL),
        CONSTRAINT rate_limits_window CHECK (window_seconds BETWEEN 1 AND 86400)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX rate_limits_unique ON rate_limits
        (workspace_id, COALESCE(key_id, '00000000-0000-0000-0000-000000000000'),
         COALESCE(route_id, '00000000-0000-0000-0000-000000000000'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
  }
}
