import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UsageRecord__Output } from '@switchyard/proto';
import type { Logger } from 'pino';
import {
  And,
  DataSource,
  LessThan,
  MoreThanOrEqual,
  type EntityManager,
  type FindOptionsWhere,
} from 'typeorm';
import { BudgetIndexService } from '../budgets/budget-index.service';
import { countBudgetSpend, type SpendOutcome } from '../budgets/budget-spend';
import { BudgetStatePublisher } from '../budgets/budget-state-publisher.service';
import { BudgetWebhooks } from '../budgets/budget-webhooks.service';
import { PINO_LOGGER } from '../logging/logging.module';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { UsageBucketDto } from './dtos/usage-record.dto';
import {
  USAGE_BUCKETS,
  type UsageBucketSize,
  type InstallationUsageGroup,
  type UsageFilterInput,
} from './dtos/usage.args';
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
    cache_status, request_bytes, response_bytes, guardrail_verdicts, prompt_id, prompt_version, request_payload,
    response_payload)
  SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::uuid[], $7::varchar[],
    $8::varchar[], $9::bool[], $10::bigint[], $11::bigint[], $12::bigint[], $13::int[], $14::int[], $15::int[],
    $16::varchar[], $17::text[], $18::timestamptz[], $19::varchar[], $20::bool[], $21::varchar[], $22::int[],
    $23::bigint[], $24::bigint[], $25::varchar[], $26::bigint[], $27::bigint[], $28::jsonb[], $29::uuid[], $30::int[],
    $31::text[], $32::text[])
  ON CONFLICT (request_id) DO NOTHING
  RETURNING request_id`;

@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly budgetIndex: BudgetIndexService,
    private readonly budgetState: BudgetStatePublisher,
    private readonly budgetWebhooks: BudgetWebhooks,
  ) {}

  /**
   * Stores a batch in one statement; a request id seen before (in this batch or any
   * earlier one) counts as a duplicate, so a replayed batch is counted once. Budget
   * counters move in the same transaction, by the newly stored records only.
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
    const budgets = await this.budgetIndex.current();
    let spend: SpendOutcome | null = null;
    const store = async (manager: EntityManager) => {
      const stored: Array<{ request_id: string }> = await manager.query(INSERT_SQL, [
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
        column('promptId'),
        column('promptVersion'),
        column('requestPayload'),
        column('responsePayload'),
      ]);
      if (budgets.size) {
        const storedIds = new Set(stored.map((r) => r.request_id));
        spend = await countBudgetSpend(
          manager,
          budgets,
          list.filter((r) => storedIds.has(r.requestId)),
          list,
        );
      }
      return stored;
    };
    // Without budgets the insert stands alone, as before budgets existed.
    const inserted = budgets.size
      ? await this.dataSource.transaction(store)
      : await store(this.dataSource.manager);
    if (spend) this.afterSpend(spend);
    return {
      accepted: inserted.length,
      duplicates: list.length - inserted.length + repeatedInBatch,
      rejected,
    };
  }

  private afterSpend(spend: SpendOutcome): void {
    this.budgetState.touched(spend.touched);
    this.budgetWebhooks.deliver(spend.events);
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
  /**
   * Usage per time bucket (aligned on `from`) and optionally per model, key or route, aggregated by
   * Postgres over the (workspace_id, started_at) index. Empty buckets are left out.
   */
  /**
   * Usage of one workspace, or of every workspace ('all'), per bucket. Every workspace is named
   * rather than the filter left out, so that Postgres reads the `(workspace_id, started_at)`
   * index for each of them instead of scanning the table.
   */
  async timeseries(
    workspaceId: string | 'all',
    from: Date,
    to: Date,
    bucket: UsageBucketSize,
    groupBy?: InstallationUsageGroup,
  ): Promise<UsageBucketDto[]> {
    const workspaceIds =
      workspaceId === 'all'
        ? (await this.workspaces.list()).map((w) => w.id)
        : [(await this.workspaces.get(workspaceId)).id];
    if (!(from < to))
      throw new UsageException('from must be earlier than to', UsageExceptionCode.INVALID_RANGE);
    const seconds = USAGE_BUCKETS[bucket];
    if ((to.getTime() - from.getTime()) / 1000 / seconds > MAX_BUCKETS) {
      throw new UsageException(
        `at most ${MAX_BUCKETS} buckets: choose a larger bucket or a shorter range`,
        UsageExceptionCode.INVALID_RANGE,
      );
    }
    const group = groupBy ? GROUP_SQL[groupBy] : 'NULL::text';
    const client = 'parent_request_id IS NULL';
    const rows: Array<Record<string, string | Date | null>> = await this.dataSource.query(
      `SELECT date_bin(make_interval(secs => $4), started_at, $2::timestamptz) AS start,
              ${group} AS grp,
              count(*) FILTER (WHERE ${client}) AS requests,
              count(*) FILTER (WHERE ${client} AND status >= 400) AS errors,
              coalesce(sum(input_tokens), 0) AS input_tokens,
              coalesce(sum(output_tokens), 0) AS output_tokens,
              coalesce(sum(cost_micro_usd), 0)::text AS cost_micro_usd,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ${client}) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ${client}) AS p95,
              count(*) FILTER (WHERE ${client} AND cache_status = 'hit') AS cache_hits,
              count(*) FILTER (WHERE ${client} AND cache_status IS NOT NULL) AS cache_lookups
         FROM usage_records
        WHERE workspace_id = ANY($1::uuid[]) AND started_at >= $2 AND started_at < $3
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [workspaceIds, from.toISOString(), to.toISOString(), seconds],
    );
    return rows.map((r) => ({
      start: new Date(r.start as Date),
      group: (r.grp as string | null) ?? null,
      requests: Number(r.requests),
      errors: Number(r.errors),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costMicroUsd: r.cost_micro_usd as string,
      latencyP50Ms: r.p50 === null ? null : Number(r.p50),
      latencyP95Ms: r.p95 === null ? null : Number(r.p95),
      cacheHits: Number(r.cache_hits),
      cacheLookups: Number(r.cache_lookups),
    }));
  }
}

/** The SQL expression of each grouping: a series per model, key, route alias or workspace. */
const GROUP_SQL: Record<InstallationUsageGroup, string> = {
  model: 'model',
  key: 'key_id::text',
  route: 'route_alias',
  workspace: 'workspace_id::text',
};

/** At most this many buckets per query, so a day of minutes or a year of days is the most asked. */
const MAX_BUCKETS = 1000;

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
