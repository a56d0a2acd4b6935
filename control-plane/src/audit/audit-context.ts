import { AsyncLocalStorage } from 'node:async_hooks';

/** Who made a change, as stored in the log. `kind` and `id` are free strings so new principal kinds need no migration. */
export interface AuditActor {
  kind: string;
  id: string;
  label: string | null;
}

/** Where a request came from. */
export interface AuditRequestMeta {
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
}

/** One row written, as the database trigger captured it (column names as in the table, secrets not yet masked). */
export interface CapturedRowChange {
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  /** The primary-key values, joined by ':' for composite keys. */
  key: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * One mutation in flight. Invariants: `changes` holds only rows of committed transactions
 * (and of the one committing); `entryId` is set once an entry for it is in the database.
 */
export interface AuditContext {
  actor: AuditActor;
  /** The GraphQL mutation name (or what ran outside GraphQL, e.g. the start-up applyConfig). */
  action: string;
  /** The mutation's arguments, for the workspace and the record it names. Never stored. */
  args: Record<string, unknown>;
  /** The mutation's GraphQL result type, the target type when no row changed. */
  resultType: string | null;
  /** Whole-config operations store a summary of what changed rather than one record's before/after. */
  summarize: boolean;
  request: AuditRequestMeta;
  changes: CapturedRowChange[];
  entryId: string | null;
  /** Cleared when the mutation finishes: later transactions (background work it started) are not its own. */
  open: boolean;
}

/** The mutation the current async call chain belongs to. */
export const auditContextStorage = new AsyncLocalStorage<AuditContext>();

export function newAuditContext(
  fields: Pick<AuditContext, 'actor' | 'action' | 'args' | 'resultType' | 'summarize' | 'request'>,
): AuditContext {
  return { ...fields, changes: [], entryId: null, open: true };
}

/** The start-up apply of SWITCHYARD_CONFIG: made by the control plane itself, from a file. */
export function startupConfigAudit(file: string): AuditContext {
  return newAuditContext({
    actor: { kind: 'system', id: 'startup-config', label: `SWITCHYARD_CONFIG ${file}`.slice(0, 200) },
    action: 'applyConfig',
    args: {},
    resultType: 'ApplyConfigResult',
    summarize: true,
    request: { requestId: null, clientIp: null, userAgent: null },
  });
}
