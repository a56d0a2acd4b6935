import type { DataSource } from 'typeorm';
import type { Queryable } from './audit-writer';

/**
 * Tables whose writes are not admin changes: derived state (snapshots), traffic
 * (usage_records, data_plane_nodes), the log itself and TypeORM's bookkeeping. Every
 * other table of the schema is audited; add a table here only with a reason.
 */
export const AUDIT_EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  audit_log: 'the audit log itself',
  migrations: "TypeORM's record of applied migrations",
  snapshots: 'compiled from the audited tables by every change; not an admin record',
  usage_records: 'traffic ingested from data-plane nodes, not admin changes',
  data_plane_nodes: 'heartbeats of data-plane nodes',
};

export const AUDIT_TRIGGER = 'switchyard_audit';

/** Tables of the current schema that should carry the audit trigger, with their primary-key columns. */
export async function auditedTables(db: Queryable): Promise<Array<{ table: string; keys: string[] }>> {
  const rows = (await db.query(
    `SELECT c.relname::text AS table,
            COALESCE(array_agg(a.attname::text ORDER BY array_position(i.indkey, a.attnum))
                     FILTER (WHERE a.attname IS NOT NULL), '{}'::text[]) AS keys
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY c.relname
      ORDER BY c.relname`,
  )) as Array<{ table: string; keys: string[] }>;
  return rows.filter((r) => !(r.table in AUDIT_EXCLUDED_TABLES));
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Attaches the audit trigger to every audited table (run at start, after migrations), so a
 * table added by any later migration is audited without anyone writing a trigger for it.
 * Idempotent; an advisory lock keeps control planes starting together from racing.
 * Returns the tables it attached the trigger to.
 */
export async function ensureAuditTriggers(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('switchyard_audit_triggers'))`);
    const present = new Set(
      (
        (await tx.query(
          `SELECT c.relname::text AS table FROM pg_trigger t
           JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
          WHERE t.tgname = $1`,
          [AUDIT_TRIGGER],
        )) as Array<{ table: string }>
      ).map((r) => r.table),
    );
    const attached: string[] = [];
    for (const { table, keys } of await auditedTables(tx)) {
      if (present.has(table)) continue;
      // No arguments (no primary key): the trigger keys rows by a hash of their content.
      const args = keys.map(literal).join(', ');
      await tx.query(
        `CREATE TRIGGER ${AUDIT_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON ${ident(table)}
           FOR EACH ROW EXECUTE FUNCTION switchyard_audit_capture(${args})`,
      );
      attached.push(table);
    }
    return attached;
  });
}
