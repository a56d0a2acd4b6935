import { graphqlRequest } from '../graphql/client';
import { argumentList, enumValue } from '../graphql/literal';
import type { ApiToken } from '../apiTokens/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id workspaceId name prefix role createdBy expiresAt lastUsedAt revokedAt createdAt }';

async function list(): Promise<ApiToken[]> {
  const query = `query { apiTokens${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ apiTokens: ApiToken[] }>(query)).apiTokens;
}

/** API tokens of the selected workspace: created with a role (secret shown once), revoked. */
export const apiTokens: ResourceHandler<ApiToken> = {
  list,
  getOne: (id) => findIn(list, 'API token', id),
  async create(data): Promise<ApiToken & { secret: string }> {
    const created = await mutate<{ token: ApiToken; secret: string }>(
      'createApiToken',
      {
        workspaceId: requireWorkspaceId(),
        name: data.name?.trim(),
        role: enumValue(data.role),
        expiresAt: data.expiresAt ? new Date(data.expiresAt).toISOString() : undefined,
      },
      `{ token ${FIELDS} secret }`,
    );
    return { ...created.token, secret: created.secret };
  },
  /** Deleting a token revokes it: it stays listed as revoked. */
  delete: (id) =>
    mutateIgnoringResult('revokeApiToken', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
