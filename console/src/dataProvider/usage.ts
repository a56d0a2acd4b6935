import type { GetListParams } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { UsageBucket, UsageRecord, UsageSummary } from '../usage/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { notFound, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ requestId workspaceId keyId routeId routeAlias providerId model endpoint stream
  inputTokens outputTokens cachedInputTokens reasoningTokens costMicroUsd attempts parentRequestId
  cacheStatus requestBytes responseBytes latencyMs ttftMs status errorCode errorMessage startedAt nodeId
  tokensEstimated promptId promptVersion requestPayload responsePayload
  guardrailVerdicts { policy check stage verdict detail } }`;

type ApiUsageRecord = Omit<UsageRecord, 'id'>;

/** The filters the API understands; the list's filter form uses the same names. */
export interface UsageFilter {
  keyId?: string;
  routeAlias?: string;
  /** Only the sub-calls of this request. */
  parentRequestId?: string;
  status?: number;
  since?: string;
  until?: string;
}

/**
 * The API has no query for one usage record, so records the console has listed are remembered (the
 * show page usually opens from the list) and older ones are looked up by paging back a bounded way.
 */
const seen = new Map<string, UsageRecord>();
const SEEN_LIMIT = 2000;
const LOOKUP_PAGE = 200;
const LOOKUP_PAGES = 10;

function remember(record: UsageRecord): void {
  seen.delete(record.id);
  seen.set(record.id, record);
  if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
}

function filterOf(filter: Record<string, unknown>): UsageFilter {
  const status = Number(filter.status);
  return {
    keyId: (filter.keyId as string) || undefined,
    routeAlias: (filter.routeAlias as string)?.trim() || undefined,
    parentRequestId: (filter.parentRequestId as string)?.trim() || undefined,
    status:
      filter.status !== undefined && filter.status !== '' && Number.isInteger(status) ? status : undefined,
    since: filter.since ? new Date(filter.since as string).toISOString() : undefined,
    until: filter.until ? new Date(filter.until as string).toISOString() : undefined,
  };
}

async function fetchPage(filter: UsageFilter, limit: number, offset: number) {
  const args = argumentList({ workspaceId: requireWorkspaceId(), filter, limit, offset });
  const query = `query { usageRecords${args} { items ${FIELDS} total } }`;
  const { usageRecords } = await graphqlRequest<{ usageRecords: { items: ApiUsageRecord[]; total: number } }>(
    query,
  );
  const data = usageRecords.items.map((item) => ({ ...item, id: item.requestId }));
  data.forEach(remember);
  return { data, total: usageRecords.total };
}

/** Usage is paged by the server, newest first. */
export const usage: ResourceHandler<UsageRecord> = {
  getList(params: GetListParams) {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    return fetchPage(filterOf(params.filter ?? {}), perPage, (page - 1) * perPage);
  },
  async getOne(id) {
    const known = seen.get(String(id));
    if (known) return known;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const { data, total } = await fetchPage({}, LOOKUP_PAGE, page * LOOKUP_PAGE);
      const found = data.find((record) => record.id === String(id));
      if (found) return found;
      if ((page + 1) * LOOKUP_PAGE >= total) break;
    }
    throw notFound('Usage record', id);
  },
};

export async function usageSummary(since?: string, until?: string): Promise<UsageSummary> {
  const args = argumentList({ workspaceId: requireWorkspaceId(), since, until });
  const query = `query { usageSummary${args} { requests errors subRequests inputTokens outputTokens cachedInputTokens reasoningTokens costMicroUsd } }`;
  return (await graphqlRequest<{ usageSummary: UsageSummary }>(query)).usageSummary;
}

export type UsageGroupBy = 'model' | 'key' | 'route';
/** Across workspaces a series can also be per workspace (its id). */
export type InstallationGroupBy = UsageGroupBy | 'workspace';

const BUCKET_FIELDS = `{ start group requests errors inputTokens outputTokens costMicroUsd
    latencyP50Ms latencyP95Ms cacheHits cacheLookups }`;

/** Usage per time bucket over [from, to), a series per model, key or route when grouped. */
export async function usageTimeseries(
  from: string,
  to: string,
  bucket: 'minute' | 'hour' | 'day',
  groupBy?: UsageGroupBy,
): Promise<UsageBucket[]> {
  const args = argumentList({ workspaceId: requireWorkspaceId(), from, to, bucket, groupBy });
  const query = `query { usageTimeseries${args} ${BUCKET_FIELDS} }`;
  return (await graphqlRequest<{ usageTimeseries: UsageBucket[] }>(query)).usageTimeseries;
}

/** The same over every workspace (installation admins only), a series per workspace when asked. */
export async function installationUsageTimeseries(
  from: string,
  to: string,
  bucket: 'minute' | 'hour' | 'day',
  groupBy?: InstallationGroupBy,
): Promise<UsageBucket[]> {
  const query = `query { installationUsageTimeseries${argumentList({ from, to, bucket, groupBy })} ${BUCKET_FIELDS} }`;
  return (await graphqlRequest<{ installationUsageTimeseries: UsageBucket[] }>(query))
    .installationUsageTimeseries;
}
