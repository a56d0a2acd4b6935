import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Usage records say which request a sub-call belongs to, how many attempts it took and what was cached. */
export class UsageAttemptsAndSubCalls1764000000002 implements MigrationInterface {
  name = 'UsageAttemptsAndSubCalls1764000000002';

  async up(q: QueryRunner): Promise<void> {
    // Records from before this change (and nodes that do not report a value) keep nulls / zeros.
    await q.query(`
      ALTER TABLE usage_records
        ADD COLUMN parent_request_id varchar(200),
        ADD COLUMN attempts int,
        ADD COLUMN cached_input_tokens bigint NOT NULL DEFAULT 0,
        ADD COLUMN reasoning_tokens bigint NOT NULL DEFAULT 0,
        ADD COLUMN cache_status varchar(16)`);
    await q.query(
      `CREATE INDEX usage_records_parent_idx ON usage_records (parent_request_id) WHERE parent_request_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage_records_parent_idx`);
    await q.query(`
      ALTER TABLE usage_records
        DROP COLUMN parent_request_id,
        DROP COLUMN attempts,
        DROP COLUMN cached_input_tokens,
        DROP COLUMN reasoning_tokens,
        DROP COLUMN cache_status`);
  }
}
