import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspace overrides of the shipped model price catalog. */
export class ModelPrices1764000000001 implements MigrationInterface {
  name = 'ModelPrices1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_prices (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        provider_kind varchar(64) NOT NULL,
        model varchar(200) NOT NULL,
        input_per_mtok bigint NOT NULL CHECK (input_per_mtok >= 0),
        output_per_mtok bigint NOT NULL CHECK (output_per_mtok >= 0),
        cached_input_per_mtok bigint CHECK (cached_input_per_mtok >= 0),
        context_window int CHECK (context_window >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT model_prices_workspace_kind_model_key UNIQUE (workspace_id, provider_kind, model)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_prices`);
  }
}
