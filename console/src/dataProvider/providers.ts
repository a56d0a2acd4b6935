import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { ProviderAccount } from '../types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id workspaceId name kind baseUrl hasCredentials createdAt updatedAt }';

/** The form's write-only field: the stored key is never read back, only replaced when one is typed. */
type ProviderForm = Partial<ProviderAccount> & { apiKey?: string | null };

function apiKeyOf(data: ProviderForm): string | undefined {
  return data.apiKey ? data.apiKey : undefined;
}

async function list(): Promise<ProviderAccount[]> {
  const query = `query { providerAccounts${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ providerAccounts: ProviderAccount[] }>(query)).providerAccounts;
}

export const providers: ResourceHandler<ProviderAccount> = {
  list,
  getOne: (id) => findIn(list, 'Provider account', id),
  create: (data: ProviderForm) =>
    mutate(
      'createProviderAccount',
      {
        workspaceId: requireWorkspaceId(),
        name: data.name,
        kind: data.kind,
        baseUrl: data.baseUrl,
        apiKey: apiKeyOf(data),
      },
      FIELDS,
    ),
  update: (id, data: ProviderForm) =>
    mutate(
      'updateProviderAccount',
      {
        workspaceId: requireWorkspaceId(),
        id: String(id),
        name: data.name,
        baseUrl: data.baseUrl,
        apiKey: apiKeyOf(data),
      },
      FIELDS,
    ),
  delete: (id) =>
    mutateIgnoringResult('deleteProviderAccount', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
