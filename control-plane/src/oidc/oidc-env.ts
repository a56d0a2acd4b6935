import { WORKSPACE_ROLES, type WorkspaceRole } from '../auth/principal';
import { EnvConfigError } from '../config/env';

/** OIDC sign-in as configured by environment variables (used when no settings were saved through GraphQL). */
export interface OidcEnvSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  scopes: string[];
  /** A workspace slug (ids are not known before the workspace exists). */
  defaultWorkspaceSlug: string | null;
  defaultRole: WorkspaceRole | null;
  allowedEmailDomains: string[];
  groupsClaim: string | null;
  postLoginRedirect: string;
}

export const DEFAULT_OIDC_SCOPES = ['openid', 'email', 'profile'];

/**
 * How many sign-ins may be started through `/auth/oidc/login`, which is anonymous and writes
 * a row per request: without limits anyone could fill `oidc_login_attempts`.
 */
export interface OidcLoginLimits {
  /** Sign-ins one client address may start per minute, per control-plane replica. */
  perClientPerMinute: number;
  /** Sign-ins started and not yet finished nor expired, across the installation. */
  maxPending: number;
}

export const DEFAULT_OIDC_LOGIN_LIMITS: OidcLoginLimits = { perClientPerMinute: 30, maxPending: 10_000 };

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EnvConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EnvConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  return value;
}

export function scopeList(value: string): string[] {
  const scopes = [...new Set(value.split(/[\s,]+/).filter(Boolean))];
  return scopes.includes('openid') ? scopes : ['openid', ...scopes];
}

export function domainList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((d) => d.toLowerCase().replace(/^@/, '')),
    ),
  ];
}

/**
 * `SWITCHYARD_OIDC_*`: null when SWITCHYARD_OIDC_ISSUER is unset. Issuer, client id and
 * redirect URI go together; a default role needs a default workspace and the reverse.
 */
export function parseOidcEnv(env: NodeJS.ProcessEnv): OidcEnvSettings | null {
  const issuer = read(env, 'SWITCHYARD_OIDC_ISSUER');
  if (!issuer) {
    for (const name of ['SWITCHYARD_OIDC_CLIENT_ID', 'SWITCHYARD_OIDC_REDIRECT_URI']) {
      if (read(env, name))
        throw new EnvConfigError('SWITCHYARD_OIDC_ISSUER', `is required when ${name} is set`);
    }
    return null;
  }
  const clientId = read(env, 'SWITCHYARD_OIDC_CLIENT_ID');
  if (!clientId)
    throw new EnvConfigError('SWITCHYARD_OIDC_CLIENT_ID', 'is required when SWITCHYARD_OIDC_ISSUER is set');
  const redirectUri = read(env, 'SWITCHYARD_OIDC_REDIRECT_URI');
  if (!redirectUri) {
    throw new EnvConfigError(
      'SWITCHYARD_OIDC_REDIRECT_URI',
      'is required when SWITCHYARD_OIDC_ISSUER is set',
    );
  }
  const role = read(env, 'SWITCHYARD_OIDC_DEFAULT_ROLE');
  if (role && !(WORKSPACE_ROLES as readonly string[]).includes(role)) {
    throw new EnvConfigError('SWITCHYARD_OIDC_DEFAULT_ROLE', `must be one of ${WORKSPACE_ROLES.join(', ')}`);
  }
  const workspace = read(env, 'SWITCHYARD_OIDC_DEFAULT_WORKSPACE') ?? null;
  if (Boolean(role) !== Boolean(workspace)) {
    throw new EnvConfigError(
      role ? 'SWITCHYARD_OIDC_DEFAULT_WORKSPACE' : 'SWITCHYARD_OIDC_DEFAULT_ROLE',
      'must be set together with ' +
        (role ? 'SWITCHYARD_OIDC_DEFAULT_ROLE' : 'SWITCHYARD_OIDC_DEFAULT_WORKSPACE'),
    );
  }
  return {
    issuer: httpUrl(issuer, 'SWITCHYARD_OIDC_ISSUER'),
    clientId,
    clientSecret: read(env, 'SWITCHYARD_OIDC_CLIENT_SECRET') ?? null,
    redirectUri: httpUrl(redirectUri, 'SWITCHYARD_OIDC_REDIRECT_URI'),
    scopes: scopeList(read(env, 'SWITCHYARD_OIDC_SCOPES') ?? DEFAULT_OIDC_SCOPES.join(' ')),
    defaultWorkspaceSlug: workspace,
    defaultRole: (role as WorkspaceRole | undefined) ?? null,
    allowedEmailDomains: domainList(read(env, 'SWITCHYARD_OIDC_ALLOWED_DOMAINS') ?? ''),
    groupsClaim: read(env, 'SWITCHYARD_OIDC_GROUPS_CLAIM') ?? null,
    postLoginRedirect: read(env, 'SWITCHYARD_OIDC_POST_LOGIN_REDIRECT') ?? '/',
  };
}

function limit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
    throw new EnvConfigError(name, `must be a whole number from 1 to 1000000, got "${value}"`);
  }
  return Number(value);
}

/**
 * SWITCHYARD_OIDC_LOGINS_PER_MINUTE and SWITCHYARD_OIDC_MAX_PENDING_LOGINS, read with or without
 * SWITCHYARD_OIDC_ISSUER: they also hold for settings saved through GraphQL.
 */
export function parseOidcLoginLimits(env: NodeJS.ProcessEnv): OidcLoginLimits {
  return {
    perClientPerMinute: limit(
      env,
      'SWITCHYARD_OIDC_LOGINS_PER_MINUTE',
      DEFAULT_OIDC_LOGIN_LIMITS.perClientPerMinute,
    ),
    maxPending: limit(env, 'SWITCHYARD_OIDC_MAX_PENDING_LOGINS', DEFAULT_OIDC_LOGIN_LIMITS.maxPending),
  };
}
