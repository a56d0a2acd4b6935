import type { AuditContext, CapturedRowChange } from './audit-context';
import { maskSecrets } from './audit-masking';

/** What happened to one record during a mutation, after its row changes were folded together. */
export type RecordOperation = 'created' | 'updated' | 'deleted';

/** One record a mutation changed, as stored in `audit_log.changes` (secrets masked, fields camelCase). */
export interface RecordChange {
  type: string;
  id: string;
  op: RecordOperation;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The columns of an audit entry that come from what the mutation did. */
export interface AuditEntryContent {
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  changes: RecordChange[];
  recordTypes: string[];
  recordIds: string[];
}

/** Entry type of a table: the entity's name without `Entity` (`routes` → `Route`), else the table name in PascalCase. */
export type TypeNamer = (table: string) => string;

export function pascalCase(table: string): string {
  return table
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function cleanRow(row: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!row) return null;
  const camel = Object.fromEntries(Object.entries(row).map(([k, v]) => [camelCase(k), v]));
  return maskSecrets(camel) as Record<string, unknown>;
}

const WORKSPACES_TABLE = 'workspaces';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringArg(args: Record<string, unknown>, name: string): string | null {
  const input = args.input as Record<string, unknown> | undefined;
  const value = args[name] ?? input?.[name];
  return typeof value === 'string' && value.length <= 200 ? value : null;
}

/**
 * Folds the row changes of one record into one change: created then updated is created,
 * deleted then re-inserted is updated (route targets are replaced that way), created then
 * deleted is nothing, and an update that ends where it began is nothing.
 */
export function foldRowChanges(rows: readonly CapturedRowChange[]): CapturedRowChange[] {
  const byRecord = new Map<string, CapturedRowChange>();
  for (const row of rows) {
    const id = `${row.table}\u0000${row.key}`;
    const seen = byRecord.get(id);
    if (!seen) {
      byRecord.set(id, { ...row });
      continue;
    }
    const before = seen.before;
    const after = row.after;
    const op = before === null ? 'INSERT' : after === null ? 'DELETE' : 'UPDATE';
    byRecord.set(id, { table: row.table, key: row.key, op, before, after });
  }
  return [...byRecord.values()].filter(
    (c) =>
      !(c.before === null && c.after === null) &&
      !(c.op === 'UPDATE' && JSON.stringify(c.before) === JSON.stringify(c.after)),
  );
}

const OPERATIONS: Record<CapturedRowChange['op'], RecordOperation> = {
  INSERT: 'created',
  UPDATE: 'updated',
  DELETE: 'deleted',
};

function displayName(row: Record<string, unknown> | null): string | null {
  for (const field of ['name', 'slug', 'alias', 'model']) {
    if (typeof row?.[field] === 'string') return row[field] as string;
  }
  return null;
}

/**
 * What an audit entry says about a mutation: the record it acted on (the one its input
 * names by id, else the first one it created, else the first one it changed), that
 * record's before and after, and every record it changed, all with secrets masked.
 */
export function buildAuditEntryContent(ctx: AuditContext, typeOf: TypeNamer): AuditEntryContent {
  const folded = foldRowChanges(ctx.changes);
  const changes: RecordChange[] = folded.map((c) => ({
    type: typeOf(c.table),
    id: c.key,
    op: OPERATIONS[c.op],
    before: cleanRow(c.before),
    after: cleanRow(c.after),
  }));
  const argId = stringArg(ctx.args, 'id');
  // A mutation that names its record by id targets that record even if its own row did not
  // change (updateRoute that only replaces targets); otherwise what it created or changed first.
  const primary = argId
    ? changes.find((c) => c.id === argId)
    : (changes.find((c) => c.op === 'created') ?? changes[0]);

  // The workspace a record belongs to: a workspace row is its own.
  const workspaceOf = (i: number): unknown =>
    folded[i].table === WORKSPACES_TABLE
      ? changes[i].id
      : (changes[i].after ?? changes[i].before)?.workspaceId;
  const workspaceIds = new Set(changes.map((_, i) => workspaceOf(i)).filter(Boolean));
  const primaryWorkspace = primary ? workspaceOf(changes.indexOf(primary)) : null;
  let workspaceId =
    stringArg(ctx.args, 'workspaceId') ??
    (typeof primaryWorkspace === 'string' ? primaryWorkspace : null) ??
    (workspaceIds.size === 1 ? String([...workspaceIds][0]) : null);
  if (workspaceId !== null && !UUID.test(workspaceId)) workspaceId = null;

  const base = {
    workspaceId,
    changes,
    recordTypes: [...new Set(changes.map((c) => c.type))],
    recordIds: [...new Set(changes.map((c) => c.id))],
  };
  if (ctx.summarize) {
    const summary: Record<RecordOperation, Array<{ type: string; id: string; name: string | null }>> = {
      created: [],
      updated: [],
      deleted: [],
    };
    for (const c of changes)
      summary[c.op].push({ type: c.type, id: c.id, name: displayName(c.after ?? c.before) });
    return { ...base, targetType: ctx.resultType, targetId: null, before: null, after: summary };
  }
  return {
    ...base,
    targetType: primary?.type ?? ctx.resultType,
    targetId: primary?.id ?? argId,
    before: primary?.before ?? null,
    after: primary?.after ?? null,
  };
}
