import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
} from 'typeorm';
import { auditContextStorage, type AuditContext, type CapturedRowChange } from './audit-context';
import { buildAuditEntryContent, pascalCase, type TypeNamer } from './audit-entry';
import { SUCCESS, insertAuditEntry, updateAuditEntryContent } from './audit-writer';

/** Private to the transaction's session, gone at COMMIT or ROLLBACK; filled by `switchyard_audit_capture()`. */
const CREATE_PENDING = `CREATE TEMPORARY TABLE switchyard_audit_pending (
  seq serial, table_name text NOT NULL, op text NOT NULL, row_key text NOT NULL,
  old_row jsonb, new_row jsonb) ON COMMIT DROP`;

const READ_PENDING = `SELECT table_name, op, row_key, old_row, new_row
  FROM pg_temp.switchyard_audit_pending ORDER BY seq`;

interface PendingRow {
  table_name: string;
  op: CapturedRowChange['op'];
  row_key: string;
  old_row: Record<string, unknown> | null;
  new_row: Record<string, unknown> | null;
}

/** A mutation's transaction: what its commit will add to the context once it has committed. */
interface Tracked {
  ctx: AuditContext;
  staged: { changes: CapturedRowChange[]; entryId: string | null } | null;
}

function depth(runner: QueryRunner): number {
  // TypeORM counts nested transactions (savepoints) here; 1 is the outermost.
  return (runner as unknown as { transactionDepth: number }).transactionDepth;
}

/**
 * Writes the audit entry of a mutation in the same transaction as its changes. When a
 * transaction starts inside a mutation (see `AuditInterceptor`), it creates the temporary
 * table the row triggers write to; just before COMMIT it reads what every INSERT, UPDATE
 * and DELETE did (TypeORM saves, query builders, raw SQL, cascades alike), masks secrets
 * and inserts or updates the entry. A rolled-back transaction takes its rows and its
 * entry with it; the context learns about a commit only after it happened.
 */
@Injectable()
export class AuditCaptureSubscriber implements EntitySubscriberInterface {
  private readonly tracked = new WeakMap<QueryRunner, Tracked>();
  private readonly typeOf: TypeNamer;

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
    const names = new Map(
      dataSource.entityMetadatas.map((m) => [m.tableName, m.targetName.replace(/Entity$/, '')]),
    );
    this.typeOf = (table) => names.get(table) ?? pascalCase(table);
  }

  /** Entry content for a context, naming types as this data source does. */
  content(ctx: AuditContext) {
    return buildAuditEntryContent(ctx, this.typeOf);
  }

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const ctx = auditContextStorage.getStore();
    if (!ctx?.open || !event.queryRunner || depth(event.queryRunner) !== 1) return;
    await event.queryRunner.query(CREATE_PENDING);
    this.tracked.set(event.queryRunner, { ctx, staged: null });
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const tracked = runner && depth(runner) === 1 ? this.tracked.get(runner) : undefined;
    if (!runner || !tracked) return;
    const rows = (await runner.query(READ_PENDING)) as PendingRow[];
    if (rows.length === 0) return;
    const { ctx } = tracked;
    const changes = [
      ...ctx.changes,
      ...rows.map((r) => ({
        table: r.table_name,
        op: r.op,
        key: r.row_key,
        before: r.old_row,
        after: r.new_row,
      })),
    ];
    const content = this.content({ ...ctx, changes });
    let entryId = ctx.entryId;
    if (entryId === null) entryId = await insertAuditEntry(runner, ctx, content, SUCCESS);
    else await updateAuditEntryContent(runner, entryId, content);
    tracked.staged = { changes, entryId };
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    const tracked = runner ? this.tracked.get(runner) : undefined;
    if (!runner || !tracked || depth(runner) !== 0) return;
    this.tracked.delete(runner);
    if (tracked.staged) {
      tracked.ctx.changes = tracked.staged.changes;
      tracked.ctx.entryId = tracked.staged.entryId;
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (runner && depth(runner) === 0) this.tracked.delete(runner);
  }
}
