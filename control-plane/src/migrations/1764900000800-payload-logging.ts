import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-workspace logging of prompts and responses (off by default), and where usage keeps them. */
export class PayloadLogging1764900000800 implements MigrationInterface {
  name = 'PayloadLogging1764900000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces ADD COLUMN log_payloads boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE usage_records ADD COLUMN request_payload text, ADD COLUMN response_payload text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE usage_records DROP COLUMN request_payload, DROP COLUMN response_payload`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN log_payloads`);
  }
}
