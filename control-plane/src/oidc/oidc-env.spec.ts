import { EnvConfigError } from '../config/env';
import { parseOidcEnv } from './oidc-env';

const BASE = {
  SWITCHYARD_OIDC_ISSUER: 'https://idp.example.com/oauth2/default',
  SWITCHYARD_OIDC_CLIENT_ID: 'switchyard',
  SWITCHYARD_OIDC_REDIRECT_URI: 'https://switchyard.example.com/auth/oidc/callback',
};

function variable(env: NodeJS.ProcessEnv): string | undefined {
  try {
    parseOidcEnv(env);
  } catch (error) {
    if (error instanceof EnvConfigError) return error.variable;
    throw error;
  }
  return undefined;
}

describe('SWITCHYARD_OIDC_*', () => {
  it('is off when no issuer is set', () => {
    expect(parseOidcEnv({})).toBeNull();
  });

  it('reads every setting with defaults', () => {
    expect(parseOidcEnv(BASE)).toEqual({
      issuer: BASE.SWITCHYARD_OIDC_ISSUER,
      clientId: 'switchyard',
      clientSecret: null,
      redirectUri: BASE.SWITCHYARD_OIDC_REDIRECT_URI,
      scopes: ['openid', 'email', 'profile'],
      defaultWorkspaceSlug: null,
      defaultRole: null,
      allowedEmailDomains: [],
      groupsClaim: null,
      postLoginRedirect: '/',
    });
    expect(
      parseOidcEnv({
        ...BASE,
        SWITCHYARD_OIDC_CLIENT_SECRET: 's3cret',
        SWITCHYARD_OIDC_SCOPES: 'email,groups',
        SWITCHYARD_OIDC_DEFAULT_WORKSPACE: 'main',
        SWITCHYARD_OIDC_DEFAULT_ROLE: 'viewer',
        SWITCHYARD_OIDC_ALLOWED_DOMAINS: '@Example.com, corp.example.org',
        SWITCHYARD_OIDC_GROUPS_CLAIM: 'groups',
        SWITCHYARD_OIDC_POST_LOGIN_REDIRECT: 'https://console.example.com/',
      }),
    ).toMatchObject({
      clientSecret: 's3cret',
      scopes: ['openid', 'email', 'groups'],
      defaultWorkspaceSlug: 'main',
      defaultRole: 'viewer',
      allowedEmailDomains: ['example.com', 'corp.example.org'],
      groupsClaim: 'groups',
      postLoginRedirect: 'https://console.example.com/',
    });
  });

  it('names the variable that is missing or wrong', () => {
    expect(variable({ SWITCHYARD_OIDC_CLIENT_ID: 'x' })).toBe('SWITCHYARD_OIDC_ISSUER');
    expect(variable({ ...BASE, SWITCHYARD_OIDC_CLIENT_ID: '' })).toBe('SWITCHYARD_OIDC_CLIENT_ID');
    expect(variable({ ...BASE, SWITCHYARD_OIDC_REDIRECT_URI: undefined })).toBe(
      'SWITCHYARD_OIDC_REDIRECT_URI',
    );
    expect(variable({ ...BASE, SWITCHYARD_OIDC_ISSUER: 'ftp://idp' })).toBe('SWITCHYARD_OIDC_ISSUER');
    expect(variable({ ...BASE, SWITCHYARD_OIDC_REDIRECT_URI: 'callback' })).toBe(
      'SWITCHYARD_OIDC_REDIRECT_URI',
    );
    expect(
      variable({ ...BASE, SWITCHYARD_OIDC_DEFAULT_ROLE: 'root', SWITCHYARD_OIDC_DEFAULT_WORKSPACE: 'm' }),
    ).toBe('SWITCHYARD_OIDC_DEFAULT_ROLE');
    expect(variable({ ...BASE, SWITCHYARD_OIDC_DEFAULT_ROLE: 'member' })).toBe(
      'SWITCHYARD_OIDC_DEFAULT_WORKSPACE',
    );
    expect(variable({ ...BASE, SWITCHYARD_OIDC_DEFAULT_WORKSPACE: 'main' })).toBe(
      'SWITCHYARD_OIDC_DEFAULT_ROLE',
    );
  });
});
