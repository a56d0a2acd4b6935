import { cacheInput, type CacheForm } from '../cache/cacheInput';
import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { CreatedVirtualKey, VirtualKey } from '../keys/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id workspaceId name prefix expiresAt revokedAt allowedRouteIds createdAt
  cache { mode ttlSeconds threshold embedder { providerId model } } }`;

async function list(): Promise<VirtualKey[]> {
  const query = `query { virtualKeys${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ virtualKeys: VirtualKey[] }>(query)).virtualKeys;
}

/** An empty date input means "never expires". */
function expiryOf(value: string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}

export const keys: ResourceHandler<VirtualKey> = {
  list,
  getOne: (id) => findIn(list, 'Virtual key', id),
  /** Returns the key with its secret: the API shows a secret once, on creation, never again. */
  async create(data): Promise<CreatedVirtualKey> {
    const created = await mutate<{ key: VirtualKey; secret: string }>(
      'createVirtualKey',
      {
        workspaceId: requireWorkspaceId(),
        name: data.name,
        expiresAt: expiryOf(data.expiresAt) ?? undefined,
        allowedRouteIds: data.allowedRouteIds?.length ? data.allowedRouteIds : undefined,
        cache: cacheInput(data.cache as CacheForm | null) ?? undefined,
      },
      `{ key ${FIELDS} secret }`,
    );
    return { ...created.key, secret: created.secret };
  },
  update: (id, data) =>
    mutate(
      'updateVirtualKey',
      {
        workspaceId: requireWorkspaceId(),
        id: String(id),
        name: data.name,
        expiresAt: expiryOf(data.expiresAt),
        // null, not [], means every route: a key with no route at all would be useless.
        allowedRouteIds: data.allowedRouteIds?.length ? data.allowedRouteIds : null,
        // null turns the key's caching off.
        cache: cacheInput(data.cache as CacheForm | null),
      },
      FIELDS,
    ),
};

export function revokeVirtualKey(id: string): Promise<void> {
  return mutateIgnoringResult('revokeVirtualKey', { workspaceId: requireWorkspaceId(), id });
}
