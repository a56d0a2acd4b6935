import { graphqlUrl } from '../config';
import { listOf } from '../common/textValues';
import { graphqlRequest } from '../graphql/client';
import type { OidcSettings } from '../oidc/types';
import { mutate, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ source enabled issuer clientId hasClientSecret redirectUri scopes defaultWorkspaceId
  defaultRole allowedEmailDomains groupsClaim postLoginRedirect updatedAt }`;

/** The installation has one set of settings: the console calls it `current`. */
export const OIDC_SETTINGS_ID = 'current';

/** This control plane's callback: what the identity provider must be given as the redirect URI. */
export const defaultRedirectUri = () => new URL('/auth/oidc/callback', graphqlUrl).toString();

export type OidcSettingsRecord = OidcSettings & { id: string };

/** What the form edits besides the settings: a new secret (write-only) or its removal. */
type OidcSettingsForm = Partial<Omit<OidcSettingsRecord, 'scopes' | 'allowedEmailDomains'>> & {
  scopes?: string[] | string;
  allowedEmailDomains?: string[] | string;
  clientSecret?: string;
  removeClientSecret?: boolean;
};

/** Before anything is configured, a blank form with the API's defaults and this control plane's callback. */
const unconfigured = (): OidcSettingsRecord => ({
  id: OIDC_SETTINGS_ID,
  source: 'none',
  enabled: true,
  issuer: '',
  clientId: '',
  hasClientSecret: false,
  redirectUri: defaultRedirectUri(),
  scopes: ['openid', 'email', 'profile'],
  defaultWorkspaceId: null,
  defaultRole: null,
  allowedEmailDomains: [],
  groupsClaim: null,
  postLoginRedirect: '/',
  updatedAt: null,
});

async function current(): Promise<OidcSettingsRecord> {
  const { oidcSettings } = await graphqlRequest<{ oidcSettings: OidcSettings | null }>(
    `query { oidcSettings ${FIELDS} }`,
  );
  return oidcSettings ? { ...oidcSettings, id: OIDC_SETTINGS_ID } : unconfigured();
}

/**
 * The installation's single sign-on settings (installation admins only). Saving replaces them
 * whole; the client secret is sent only when typed (omitted, the saved one is kept) or removed.
 * Deleting forgets the saved settings: SWITCHYARD_OIDC_* applies again, if set.
 */
export const oidcSettings: ResourceHandler<OidcSettingsRecord> = {
  list: async () => [await current()],
  getOne: current,
  async update(_id, data: OidcSettingsForm) {
    const scopes = listOf(data.scopes);
    const saved = await mutate<OidcSettings>(
      'setOidcSettings',
      {
        enabled: data.enabled ?? true,
        issuer: data.issuer?.trim(),
        clientId: data.clientId?.trim(),
        clientSecret: data.removeClientSecret ? null : data.clientSecret || undefined,
        redirectUri: data.redirectUri?.trim(),
        scopes: scopes.length ? scopes : undefined,
        defaultWorkspaceId: data.defaultWorkspaceId || null,
        defaultRole: data.defaultRole || null,
        allowedEmailDomains: listOf(data.allowedEmailDomains),
        groupsClaim: data.groupsClaim?.trim() || null,
        postLoginRedirect: data.postLoginRedirect?.trim() || undefined,
      },
      FIELDS,
    );
    return { ...saved, id: OIDC_SETTINGS_ID };
  },
  async delete() {
    await graphqlRequest<{ clearOidcSettings: boolean }>('mutation { clearOidcSettings }');
  },
};
