import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing engine's config: route targets that name a provider or another route, with
 * per-target settings; route-level strategy blocks; provider options.
 */
export class RoutingEngine1764000000000 implements MigrationInterface {
  name = 'RoutingEngine1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE route_targets ALTER COLUMN provider_id DROP NOT NULL`);
    // No cascade: a route another route targets cannot be deleted (RoutesService says so first).
    await q.query(`
      ALTER TABLE route_targets
        ADD COLUMN target_route_id uuid CONSTRAINT route_targets_target_route_fkey REFERENCES routes (id),
        ADD COLUMN weight double precision,
        ADD COLUMN overrides jsonb,
        ADD COLUMN retry jsonb,
        ADD COLUMN timeout_ms int,
        ADD COLUMN breaker jsonb,
        ADD CONSTRAINT route_targets_one_destination_check
          CHECK ((provider_id IS NULL) <> (target_route_id IS NULL))`);
    await q.query(
      `CREATE INDEX route_targets_target_route_idx ON route_targets (target_route_id) WHERE target_route_id IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE routes
        ADD COLUMN fallback jsonb,
        ADD COLUMN conditions jsonb,
        ADD COLUMN semantic jsonb,
        ADD COLUMN ensemble jsonb`);
    await q.query(`ALTER TABLE provider_accounts ADD COLUMN options jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE provider_accounts DROP COLUMN options`);
    await q.query(`
      ALTER TABLE routes DROP COLUMN fallback, DROP COLUMN conditions, DROP COLUMN semantic, DROP COLUMN ensemble`);
    // Targets that name routes cannot be expressed in the old shape.
    await q.query(`DELETE FROM route_targets WHERE provider_id IS NULL`);
    await q.query(`
      ALTER TABLE route_targets
        DROP CONSTRAINT route_targets_one_destination_check,
        DROP COLUMN target_route_id,
        DROP COLUMN weight,
        DROP COLUMN overrides,
        DROP COLUMN retry,
        DROP COLUMN timeout_ms,
        DROP COLUMN breaker`);
    await q.query(`ALTER TABLE route_targets ALTER COLUMN provider_id SET NOT NULL`);
  }
}
