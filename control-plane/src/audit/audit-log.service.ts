import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditException, AuditExceptionCode } from './audit.exception';
import { AuditLogEntity } from './audit-log.entity';
import type { AuditLogFilterInput } from './dtos/audit-log.args';

export interface AuditLogPage {
  entries: AuditLogEntity[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Entries deleted per statement by retention, so one run never holds a huge delete open. */
const RETENTION_BATCH = 5000;

function encodeCursor(id: string): string {
  return Buffer.from(`audit:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^audit:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw new AuditException('Invalid cursor: pass a pageInfo.endCursor', AuditExceptionCode.INVALID_CURSOR);
  return match[1];
}

/** Reads the audit log, and deletes what is past retention. Writing is `AuditRecorder`'s. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first; `after` is the `endCursor` of the previous page. */
  async list(
    given: AuditLogFilterInput | null | undefined,
    first: number,
    after?: string | null,
  ): Promise<AuditLogPage> {
    // GraphQL passes an explicit `filter: null` or `after: null` through as null.
    const filter = given ?? {};
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new AuditException('filter.from must be before filter.to', AuditExceptionCode.INVALID_RANGE);
    }
    const qb = this.dataSource.manager
      .createQueryBuilder(AuditLogEntity, 'e')
      .orderBy('e.id', 'DESC')
      .limit(first + 1);
    if (filter.workspaceId) qb.andWhere('e.workspace_id = :workspaceId', { workspaceId: filter.workspaceId });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) {
      qb.andWhere('(e.target_type = :targetType OR e.record_types @> ARRAY[:targetType]::text[])', {
        targetType: filter.targetType,
      });
    }
    if (filter.targetId) {
      qb.andWhere('(e.target_id = :targetId OR e.record_ids @> ARRAY[:targetId]::text[])', {
        targetId: filter.targetId,
      });
    }
    if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
    if (after != null) qb.andWhere('e.id < :afterId', { afterId: decodeCursor(after) });
    const rows = await qb.getMany();
    const entries = rows.slice(0, first);
    const hasNextPage = rows.length > first;
    const last = entries.at(-1);
    return { entries, hasNextPage, endCursor: last ? encodeCursor(String(last.id)) : null };
  }

  /** Deletes entries older than `days` days; returns how many. */
  async deleteOlderThan(days: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM audit_log WHERE id IN (
           SELECT id FROM audit_log WHERE occurred_at < now() - make_interval(days => $1) LIMIT $2)`,
        [days, RETENTION_BATCH],
      )) as [unknown, number];
      deleted += count;
      if (count < RETENTION_BATCH) return deleted;
    }
  }
}
