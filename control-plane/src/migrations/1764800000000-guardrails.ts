import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Guardrail policies and where they apply (a workspace, a key or a route); verdicts on usage records. */
export class Guardrails1764800000000 implements MigrationInterface {
  name = 'Guardrails1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardrail_policies (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        stage varchar(16) NOT NULL,
        mode varchar(16) NOT NULL,
        action varchar(16) NOT NULL,
        checks jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT guardrail_policies_workspace_name_key UNIQUE (workspace_id, name)
      )`);
    // An attachment goes with the policy, key or route it names.
    await q.query(`
      CREATE TABLE guardrail_attachments (
        id uuid PRIMARY KEY,
        policy_id uuid NOT NULL REFERENCES guardrail_policies (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        key_id uuid REFERENCES virtual_keys (id) ON DELETE CASCADE,
        route_id uuid REFERENCES routes (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT guardrail_attachments_one_target CHECK (key_id IS NULL OR route_id IS NULL)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX guardrail_attachments_unique ON guardrail_attachments
        (policy_id, COALESCE(key_id, '00000000-0000-0000-0000-000000000000'),
         COALESCE(route_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`ALTER TABLE usage_records ADD COLUMN guardrail_verdicts jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE usage_records DROP COLUMN guardrail_verdicts`);
    await q.query(`DROP TABLE guardrail_attachments`);
    await q.query(`DROP TABLE guardrail_policies`);
  }
}
