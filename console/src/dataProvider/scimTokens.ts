import { graphqlRequest } from '../graphql/client';
import type { ScimToken } from '../scimTokens/types';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id name prefix lastUsedAt revokedAt createdAt }';

async function list(): Promise<ScimToken[]> {
  return (await graphqlRequest<{ scimTokens: ScimToken[] }>(`query { scimTokens ${FIELDS} }`)).scimTokens;
}

/** Tokens identity providers provision users and groups with (installation admins only). */
export const scimTokens: ResourceHandler<ScimToken> = {
  list,
  getOne: (id) => findIn(list, 'SCIM token', id),
  /** Returns the token with its secret, which the API shows this once. */
  async create(data): Promise<ScimToken & { secret: string }> {
    const created = await mutate<{ token: ScimToken; secret: string }>(
      'createScimToken',
      { name: data.name?.trim() },
      `{ token ${FIELDS} secret }`,
    );
    return { ...created.token, secret: created.secret };
  },
  /** Deleting a token revokes it: it stays listed as revoked. */
  delete: (id) => mutateIgnoringResult('revokeScimToken', { id: String(id) }),
};
