import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UsageRecord__Output } from '@switchyard/proto';
import type { Logger } from 'pino';
import { And, DataSource, LessThan, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { PINO_LOGGER } from '../logging/logging.module';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { UsageFilterInput } from './dtos/usage.args';
import { normalizeUsageRecord, type UsageRow } from './usage-record.normalize';
import { UsageRecordEntity } from './usage-record.entity';
import { UsageException, UsageExceptionCode } from './usage.exception';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface UsageTotals {
  requests: number;
  errors: number;
  subRequests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costMicroUsd: string;
}

const INSERT_SQL = `
  INSERT INTO usage_records (request_id, workspace_id, key_id, route_id, route_alias, provider_id, model, endpoint,
    stream, input_tokens, output_tokens, cost_micro_usd, latency_ms, ttft_ms, status, error_code, error_message,
    started_at, node_id, tokens_estimated, parent_request_id, attempts, cached_input_tokens, reasoning_tokens,
    cache_status, request_bytes, response_bytes, guardrail_verdicts)
  SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::uuid[], $7::varchar[],
    $8::varchar[], $9::bool[], $10::bigint[], $11::bigint[], $12::bigint[], $13::int[], $14::int[], $15::int[],
    $16::varchar[], $17::text[], $18::timestamptz[], $19::varchar[], $20::bool[], $21::varchar[], $22::int[],
    $23::bigint[], $24::bigint[], $25::varchar[], $26::bigint[], $27::bigint[], $28::jsonb[])
  ON CONFLICT (request_id) DO NOTHING
  RETURNING request_id`;

@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Stores a batch in one statement; a request id seen before (in this batch or any
   * earlier one) counts as a duplicate, so a replayed batch is counted once.
   */
  async ingest(records: UsageRecord__Output[], batchNodeId: string): Promise<IngestResult> {
    const receivedAt = new Date();
    const rows = new Map<string, UsageRow>();
    let rejected = 0;
    let repeatedInBatch = 0;
    for (const record of records) {
      const row = normalizeUsageRecord(record, batchNodeId, receivedAt);
      if ('rejected' in row) rejected++;
      else if (rows.has(row.requestId)) repeatedInBatch++;
      else rows.set(row.requestId, row);
    }
    if (rejected)
      this.logger.warn({ node: batchNodeId, rejected }, 'usage records without a request id dropped');
    if (!rows.size) return { accepted: 0, duplicates: repeatedInBatch, rejected };

    const list = [...rows.values()];
    const column = <K extends keyof UsageRow>(key: K) => list.map((r) => r[key]);
    const inserted: unknown[] = await this.dataSource.query(INSERT_SQL, [
      column('requestId'),
      column('workspaceId'),
      column('keyId'),
      column('routeId'),
      column('routeAlias'),
      column('providerId'),
      column('model'),
      column('endpoint'),
      column('stream'),
      column('inputTokens'),
      column('outputTokens'),
      column('costMicroUsd'),
      column('latencyMs'),
      column('ttftMs'),
      column('status'),
      column('errorCode'),
      column('errorMessage'),
      list.map((r) => r.startedAt.toISOString()),
      column('nodeId'),
      column('tokensEstimated'),
      column('parentRequestId'),
      column('attempts'),
      column('cachedInputTokens'),
      column('reasoningTokens'),
      column('cacheStatus'),
      column('requestBytes'),
      column('responseBytes'),
      column('guardrailVerdicts'),
    ]);
    return {
      accepted: inserted.length,
      duplicates: list.length - inserted.length + repeatedInBatch,
      rejected,
    };
  }

  /** Newest first. */
  async list(
    workspaceId: string,
    filter: UsageFilterInput | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: UsageRecordEntity[]; total: number }> {
    await this.workspaces.get(workspaceId);
    const where: FindOptionsWhere<UsageRecordEntity> = { workspaceId };
    if (filter?.keyId) where.keyId = filter.keyId;
    if (filter?.routeAlias) where.routeAlias = filter.routeAlias;
    if (filter?.parentRequestId) where.parentRequestId = filter.parentRequestId;
    if (filter?.status !== undefined && filter.status !== null) where.status = filter.status;
    const range = startedAtRange(filter?.since, filter?.until);
    if (range) where.startedAt = range;
    const [items, total] = await this.dataSource.manager.findAndCount(UsageRecordEntity, {
      where,
      order: { startedAt: 'DESC', requestId: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  async summary(workspaceId: string, since?: Date, until?: Date): Promise<UsageTotals> {
    await this.workspaces.get(workspaceId);
    checkRange(since, until);
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      // Sub-calls (an ensemble's members and judge) cost tokens and money but are not client requests.
      `SELECT count(*) FILTER (WHERE parent_request_id IS NULL) AS requests,
              count(*) FILTER (WHERE parent_request_id IS NULL AND status >= 400) AS errors,
              count(*) FILTER (WHERE parent_request_id IS NOT NULL) AS sub_requests,
              coalesce(sum(input_tokens), 0) AS input_tokens,
              coalesce(sum(output_tokens), 0) AS output_tokens,
              coalesce(sum(cached_input_tokens), 0) AS cached_input_tokens,
              coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens,
              coalesce(sum(cost_micro_usd), 0)::text AS cost_micro_usd
         FROM usage_records
        WHERE workspace_id = $1
          AND ($2::timestamptz IS NULL OR started_at >= $2)
          AND ($3::timestamptz IS NULL OR started_at < $3)`,
      [workspaceId, since?.toISOString() ?? null, until?.toISOString() ?? null],
    );
    const r = rows[0];
    return {
      requests: Number(r.requests),
      errors: Number(r.errors),
      subRequests: Number(r.sub_requests),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      cachedInputTokens: Number(r.cached_input_tokens),
      reasoningTokens: Number(r.reasoning_tokens),
      costMicroUsd: r.cost_micro_usd,
    };
  }
}

function checkRange(since?: Date | null, until?: Date | null): void {
  if (since && until && since >= until) {
    throw new UsageException('since must be earlier than until', UsageExceptionCode.INVALID_RANGE);
  }
}

function startedAtRange(since?: Date | null, until?: Date | null) {
  checkRange(since, until);
  if (since && until) return And(MoreThanOrEqual(since), LessThan(until));
  if (since) return MoreThanOrEqual(since);
  if (until) return LessThan(until);
  return undefined;
}
