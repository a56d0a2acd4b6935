import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Response cache settings of routes and virtual keys (snapshot shape, null when off). */
export class ResponseCache1764700000500 implements MigrationInterface {
  name = 'ResponseCache1764700000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE routes ADD COLUMN cache jsonb`);
    await q.query(`ALTER TABLE virtual_keys ADD COLUMN cache jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE virtual_keys DROP COLUMN cache`);
    await q.query(`ALTER TABLE routes DROP COLUMN cache`);
  }
}
