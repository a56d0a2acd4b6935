import { EnvConfigError } from '../config/env';
import { parseOidcEnv, parseOidcLoginLimits } from './oidc-env';

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

describe('SWITCHYARD_OIDC_LOGINS_PER_MINUTE and SWITCHYARD_OIDC_MAX_PENDING_LOGINS', () => {
  it('default to 30 starts per client a minute and 10000 pending sign-ins, with or without an issuer', () => {
    expect(parseOidcLoginLimits({})).toEqual({ perClientPerMinute: 30, maxPending: 10_000 });
    expect(
      parseOidcLoginLimits({
        SWITCHYARD_OIDC_LOGINS_PER_MINUTE: ' 5 ',
        SWITCHYARD_OIDC_MAX_PENDING_LOGINS: '200',
      }),
    ).toEqual({ perClientPerMinute: 5, maxPending: 200 });
  });

  it.each(['0', '-1', '2.5', 'ten', '1000001'])('refuses %p, naming the variable', (bad) => {
    for (const name of ['SWITCHYARD_OIDC_LOGINS_PER_MINUTE', 'SWITCHYARD_OIDC_MAX_PENDING_LOGINS']) {
      expect(() => parseOidcLoginLimits({ [name]: bad })).toThrow(
        new EnvConfigError(name, `must be a whole number from 1 to 1000000, got "${bad}"`),
      );
    }
  });
});
