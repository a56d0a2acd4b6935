import type { AuditContext } from './audit-context';
import type { AuditEntryContent } from './audit-entry';

/** Anything that runs SQL: a DataSource, an EntityManager or a transaction's QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** `success`, or the error code of a mutation that was refused or failed. */
export const SUCCESS = 'success';

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function clip(value: string | null, length: number): string | null {
  return value === null ? null : value.slice(0, length);
}

/** Inserts the entry of `ctx`, returning its id. */
export async function insertAuditEntry(
  db: Queryable,
  ctx: AuditContext,
  content: AuditEntryContent,
  outcome: string,
  errorMessage: string | null = null,
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO audit_log (actor_kind, actor_id, actor_label, workspace_id, action, target_type,
       target_id, before, after, changes, record_types, record_ids, outcome, error_message,
       request_id, client_ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16, $17)
     RETURNING id`,
    [
      clip(ctx.actor.kind, 64),
      clip(ctx.actor.id, 200),
      clip(ctx.actor.label, 200),
      content.workspaceId,
      clip(ctx.action, 200),
      clip(content.targetType, 200),
      clip(content.targetId, 200),
      json(content.before),
      json(content.after),
      JSON.stringify(content.changes),
      content.recordTypes,
      content.recordIds,
      clip(outcome, 100),
      clip(errorMessage, 2000),
      clip(ctx.request.requestId, 200),
      clip(ctx.request.clientIp, 100),
      clip(ctx.request.userAgent, 1000),
    ],
  )) as Array<{ id: string }>;
  return String(rows[0].id);
}

/** Rewrites what an existing entry says changed (a mutation that committed more than one transaction). */
export async function updateAuditEntryContent(
  db: Queryable,
  id: string,
  content: AuditEntryContent,
): Promise<void> {
  await db.query(
    `UPDATE audit_log SET workspace_id = $2, target_type = $3, target_id = $4, before = $5::jsonb,
       after = $6::jsonb, changes = $7::jsonb, record_types = $8, record_ids = $9
     WHERE id = $1`,
    [
      id,
      content.workspaceId,
      clip(content.targetType, 200),
      clip(content.targetId, 200),
      json(content.before),
      json(content.after),
      JSON.stringify(content.changes),
      content.recordTypes,
      content.recordIds,
    ],
  );
}

/** Marks an entry whose changes committed but whose mutation then failed. */
export async function updateAuditOutcome(
  db: Queryable,
  id: string,
  outcome: string,
  errorMessage: string | null,
): Promise<void> {
  await db.query(`UPDATE audit_log SET outcome = $2, error_message = $3 WHERE id = $1`, [
    id,
    clip(outcome, 100),
    clip(errorMessage, 2000),
  ]);
}
