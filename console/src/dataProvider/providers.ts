import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { jsonObjectOf } from '../common/textValues';
import { CREDENTIAL_FIELDS, kindSpec, type CredentialField } from '../providers/providerKinds';
import type { ProviderAccount } from '../providers/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id workspaceId name kind baseUrl options hasCredentials createdAt updatedAt }';

/**
 * The form: the account, write-only credential fields (never read back, sent only when typed),
 * `extraOptions` (the options the kind has no field for, as JSON) and `clearCredentials`.
 */
type ProviderForm = Partial<ProviderAccount> &
  Partial<Record<CredentialField, string | null>> & {
    extraOptions?: Record<string, unknown> | string | null;
    clearCredentials?: boolean;
  };

/** Splits the stored options into the kind's own fields and the rest (edited as JSON). */
function formRecord(
  account: ProviderAccount,
): ProviderAccount & { extraOptions: Record<string, unknown> | null } {
  const known = new Set(kindSpec(account.kind).options.map((option) => option.name));
  const extra = Object.entries(account.options ?? {}).filter(([name]) => !known.has(name));
  return { ...account, extraOptions: extra.length ? Object.fromEntries(extra) : null };
}

async function list(): Promise<ProviderAccount[]> {
  const query = `query { providerAccounts${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ providerAccounts: ProviderAccount[] }>(query)).providerAccounts.map(
    formRecord,
  );
}

/** The kind's option fields that are filled in, plus the extra JSON ones; null when none. */
function optionsOf(data: ProviderForm, kind: string | undefined) {
  const options: Record<string, unknown> = { ...(jsonObjectOf(data.extraOptions) ?? {}) };
  for (const { name } of kindSpec(kind).options) {
    const value = data.options?.[name];
    if (value !== undefined && value !== null && String(value).trim() !== '')
      options[name] = typeof value === 'string' ? value.trim() : value;
  }
  return Object.keys(options).length ? options : null;
}

/** Typed credentials only: an empty field keeps what is stored. `clear` removes every stored one. */
function credentialsOf(data: ProviderForm, kind: string | undefined, clear = false) {
  const wanted = new Set(kindSpec(kind).credentials);
  const credentials: Record<string, string | null | undefined> = {};
  for (const field of Object.keys(CREDENTIAL_FIELDS) as CredentialField[]) {
    const typed = wanted.has(field) ? data[field] : undefined;
    credentials[field] = typed ? typed : clear ? null : undefined;
  }
  return credentials;
}

export const providers: ResourceHandler<ProviderAccount> = {
  list,
  getOne: (id) => findIn(list, 'Provider account', id),
  create: async (data: ProviderForm) =>
    formRecord(
      await mutate<ProviderAccount>(
        'createProviderAccount',
        {
          workspaceId: requireWorkspaceId(),
          name: data.name,
          kind: data.kind,
          baseUrl: data.baseUrl?.trim() || undefined,
          options: optionsOf(data, data.kind) ?? undefined,
          ...credentialsOf(data, data.kind),
        },
        FIELDS,
      ),
    ),
  update: async (id, data: ProviderForm, previous) =>
    formRecord(
      await mutate<ProviderAccount>(
        'updateProviderAccount',
        {
          workspaceId: requireWorkspaceId(),
          id: String(id),
          name: data.name,
          baseUrl: data.baseUrl?.trim() || undefined,
          options: optionsOf(data, previous.kind),
          ...credentialsOf(data, previous.kind, data.clearCredentials === true),
        },
        FIELDS,
      ),
    ),
  delete: (id) =>
    mutateIgnoringResult('deleteProviderAccount', { workspaceId: requireWorkspaceId(), id: String(id) }),
};

export interface ConnectionTest {
  ok: boolean;
  supported: boolean;
  status: number | null;
  latencyMs: number | null;
  models: number | null;
  message: string;
}

/** One authenticated call to the provider's models list, made by the control plane. */
export function testProviderAccount(id: string): Promise<ConnectionTest> {
  return mutate<ConnectionTest>(
    'testProviderAccount',
    { workspaceId: requireWorkspaceId(), id },
    '{ ok supported status latencyMs models message }',
  );
}
