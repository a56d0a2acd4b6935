import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log, and the row trigger function that captures what a mutation's transaction
 * writes. Triggers are attached to every audited table at start (`ensureAuditTriggers`), so
 * tables added by later migrations are audited without one being written for them here.
 */
export class AuditLog1764900000300 implements MigrationInterface {
  name = 'AuditLog1764900000300';

  async up(q: QueryRunner): Promise<void> {
    // No foreign keys: entries outlive the workspaces and records they name.
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_kind varchar(64) NOT NULL,
        actor_id varchar(200) NOT NULL,
        actor_label varchar(200),
        workspace_id uuid,
        action varchar(200) NOT NULL,
        target_type varchar(200),
        target_id varchar(200),
        before jsonb,
        after jsonb,
        changes jsonb NOT NULL DEFAULT '[]',
        record_types text[] NOT NULL DEFAULT '{}',
        record_ids text[] NOT NULL DEFAULT '{}',
        outcome varchar(100) NOT NULL,
        error_message varchar(2000),
        request_id varchar(200),
        client_ip varchar(100),
        user_agent varchar(1000)
      )`);
    await q.query(`CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at)`);
    await q.query(`CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_record_ids_idx ON audit_log USING gin (record_ids)`);

    // Runs after every row write of an audited table. It records nothing unless the
    // transaction belongs to a mutation: the application creates the temporary table
    // switchyard_audit_pending (ON COMMIT DROP) at the start of such a transaction and
    // reads it back, masks secrets and writes the audit entry just before COMMIT.
    // Trigger arguments: the table's primary-key columns (none: rows are keyed by a hash).
    await q.query(`
      CREATE FUNCTION switchyard_audit_capture() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        old_row jsonb;
        new_row jsonb;
        row_key text := '';
        col text;
        i int;
      BEGIN
        IF to_regclass('pg_temp.switchyard_audit_pending') IS NULL THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN old_row := to_jsonb(OLD); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN new_row := to_jsonb(NEW); END IF;
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN
          RETURN NULL;
        END IF;
        IF TG_NARGS = 0 THEN
          row_key := md5(COALESCE(new_row, old_row)::text);
        END IF;
        FOR i IN 0 .. TG_NARGS - 1 LOOP
          col := TG_ARGV[i];
          IF i > 0 THEN row_key := row_key || ':'; END IF;
          row_key := row_key || COALESCE(COALESCE(new_row, old_row) ->> col, '');
        END LOOP;
        INSERT INTO pg_temp.switchyard_audit_pending (table_name, op, row_key, old_row, new_row)
        VALUES (TG_TABLE_NAME, TG_OP, row_key, old_row, new_row);
        RETURN NULL;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // CASCADE drops the triggers attached at start.
    await q.query(`DROP FUNCTION switchyard_audit_capture() CASCADE`);
    await q.query(`DROP TABLE audit_log`);
  }
}
