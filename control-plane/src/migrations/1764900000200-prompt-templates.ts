import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Prompt templates, their immutable versions and movable labels; usage records name the prompt served. */
export class PromptTemplates1764900000200 implements MigrationInterface {
  name = 'PromptTemplates1764900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prompts (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        slug varchar(64) NOT NULL,
        name varchar(200) NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT prompts_workspace_slug_key UNIQUE (workspace_id, slug)
      )`);
    // Versions are never updated: no updated_at, and (prompt, version) is the key labels point at.
    await q.query(`
      CREATE TABLE prompt_versions (
        id uuid PRIMARY KEY,
        prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        version int NOT NULL CHECK (version > 0),
        model varchar(200) NOT NULL,
        messages jsonb NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        variables jsonb NOT NULL,
        optional_variables jsonb NOT NULL,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT prompt_versions_prompt_version_key UNIQUE (prompt_id, version)
      )`);
    await q.query(`
      CREATE TABLE prompt_labels (
        prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        label varchar(64) NOT NULL,
        version int NOT NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        updated_by varchar(200) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (prompt_id, label),
        FOREIGN KEY (prompt_id, version) REFERENCES prompt_versions (prompt_id, version)
      )`);
    await q.query(`ALTER TABLE usage_records ADD COLUMN prompt_id uuid, ADD COLUMN prompt_version int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE usage_records DROP COLUMN prompt_id, DROP COLUMN prompt_version`);
    await q.query(`DROP TABLE prompt_labels`);
    await q.query(`DROP TABLE prompt_versions`);
    await q.query(`DROP TABLE prompts`);
  }
}
