import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { numberOrNull } from '../common/textValues';
import type { RateLimit } from '../rateLimits/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id workspaceId scope keyId routeId windowSeconds requestsPerWindow tokensPerWindow concurrent
  usage { requests tokens inFlight nodes observedAt } createdAt updatedAt }`;

async function list(): Promise<RateLimit[]> {
  const query = `query { rateLimits${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ rateLimits: RateLimit[] }>(query)).rateLimits;
}

/** setRateLimit creates or replaces the one limit of its scope (the workspace, a key or a route). */
function set(data: Partial<RateLimit>): Promise<RateLimit> {
  return mutate<RateLimit>(
    'setRateLimit',
    {
      workspaceId: requireWorkspaceId(),
      keyId: data.scope === 'key' ? data.keyId : undefined,
      routeId: data.scope === 'route' ? data.routeId : undefined,
      windowSeconds: numberOrNull(data.windowSeconds) ?? undefined,
      requestsPerWindow: numberOrNull(data.requestsPerWindow) ?? undefined,
      tokensPerWindow: numberOrNull(data.tokensPerWindow) ?? undefined,
      concurrent: numberOrNull(data.concurrent) ?? undefined,
    },
    FIELDS,
  );
}

export const rateLimits: ResourceHandler<RateLimit> = {
  list,
  getOne: (id) => findIn(list, 'Rate limit', id),
  create: set,
  update: (_id, data) => set(data),
  delete: (id) =>
    mutateIgnoringResult('deleteRateLimit', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
