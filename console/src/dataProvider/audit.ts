import type { GetListParams, GetListResult } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { AuditEntry } from '../audit/types';
import { getWorkspaceId } from '../workspace/workspaceStore';
import { notFound, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id occurredAt action actorKind actorId actorLabel workspaceId targetType targetId outcome
  errorMessage requestId clientIp userAgent before after changes { type id op before after } }`;

interface AuditFilter {
  workspaceId?: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/**
 * The list's filters as the API's. Entries of the selected workspace unless `everywhere` is set
 * (every entry, installation-wide ones included: installation admins only).
 */
function filterOf(filter: Record<string, unknown>): AuditFilter {
  const text = (name: string) => (filter[name] as string | undefined)?.trim() || undefined;
  const time = (name: string) => (filter[name] ? new Date(filter[name] as string).toISOString() : undefined);
  return {
    workspaceId: filter.everywhere ? undefined : (getWorkspaceId() ?? undefined),
    action: text('action'),
    actorId: text('actorId'),
    targetType: text('targetType'),
    targetId: text('targetId'),
    from: time('from'),
    to: time('to'),
  };
}

interface Page {
  nodes: AuditEntry[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

async function fetchPage(filter: AuditFilter, first: number, after?: string): Promise<Page> {
  const query = `query { auditLog${argumentList({ filter, first, after })} { nodes ${FIELDS} pageInfo { endCursor hasNextPage } } }`;
  const page = (await graphqlRequest<{ auditLog: Page }>(query)).auditLog;
  page.nodes.forEach(remember);
  return page;
}

/**
 * The API pages with cursors, react-admin with page numbers: the cursor that starts each page is
 * remembered per filter and page size, and a page not reached yet is walked to from the last known one.
 */
const cursors = new Map<string, (string | undefined)[]>();

const seen = new Map<string, AuditEntry>();
function remember(entry: AuditEntry): void {
  seen.delete(entry.id);
  seen.set(entry.id, entry);
  if (seen.size > 2000) seen.delete(seen.keys().next().value as string);
}

export const audit: ResourceHandler<AuditEntry> = {
  async getList(params: GetListParams): Promise<GetListResult<AuditEntry>> {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    const filter = filterOf(params.filter ?? {});
    const cacheKey = JSON.stringify([filter, perPage]);
    const starts = cursors.get(cacheKey) ?? [undefined];
    cursors.set(cacheKey, starts);
    let index = Math.min(page - 1, starts.length - 1);
    for (;;) {
      const result = await fetchPage(filter, perPage, starts[index]);
      starts[index + 1] = result.pageInfo.endCursor ?? undefined;
      if (index === page - 1 || !result.pageInfo.hasNextPage) {
        const reached = index === page - 1;
        return {
          data: reached ? result.nodes : [],
          pageInfo: { hasNextPage: reached && result.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
        };
      }
      index += 1;
    }
  },
  async getOne(id) {
    const known = seen.get(String(id));
    if (known) return known;
    // Opened by link: look through the recent entries of the selected workspace, then everywhere.
    for (const filter of [filterOf({}), filterOf({ everywhere: true })]) {
      let after: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const result = await fetchPage(filter, 200, after).catch(() => undefined);
        if (!result) break;
        const found = result.nodes.find((entry) => entry.id === String(id));
        if (found) return found;
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor ?? undefined;
      }
    }
    throw notFound('Audit entry', id);
  },
};
