import { request } from 'undici';
import type { ServiceAccount } from './service-account';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_S = 3600;
const EXCHANGE_TIMEOUT_MS = 10_000;
// Refresh this long before the token expires, so no request goes up with one about to lapse.
const REFRESH_MARGIN_S = 300;

/** Getting an OAuth access token for a service account failed; the message names why, never the key. */
export class GoogleAuthError extends Error {
  override name = 'GoogleAuthError';
}

/** Something that hands out bearer tokens for Google APIs. */
export interface TokenSource {
  token(): Promise<string>;
}

/** A token minted elsewhere (`credentials.apiKey` on a Vertex account). */
export class StaticToken implements TokenSource {
  private readonly value: Promise<string>;
  constructor(token: string) {
    this.value = Promise.resolve(token);
  }
  token(): Promise<string> {
    return this.value;
  }
}

function describe(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    const parts = [parsed.error, parsed.error_description].filter((p) => typeof p === 'string' && p !== '');
    if (parts.length > 0) return parts.join(': ');
  } catch {
    // not JSON
  }
  return body.slice(0, 200).trim() || 'no details';
}

/**
 * OAuth 2.0 access tokens for a service account (RFC 7523 JWT bearer grant): a JWT signed
 * RS256 with the account's key, `scope` cloud-platform, `aud` the token URL, exchanged at
 * the token URL. The token is kept until shortly before it expires, and concurrent callers
 * share one exchange; a failed exchange is not kept, so the next call tries again.
 */
export class ServiceAccountTokens implements TokenSource {
  private cached: { token: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;
  /** How many exchanges were started (for tests and metrics). */
  exchanges = 0;

  constructor(
    private readonly account: ServiceAccount,
    readonly tokenUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (!this.pending) {
      this.pending = this.exchange().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private async assertion(): Promise<string> {
    const now = Math.floor(this.now() / 1000);
    const header: { alg: 'RS256'; typ: 'JWT'; kid?: string } = { alg: 'RS256', typ: 'JWT' };
    if (this.account.privateKeyId) header.kid = this.account.privateKeyId;
    // Loaded on first use: only nodes with a Vertex account pay for jose.
    const { SignJWT } = await import('jose');
    return new SignJWT({ scope: CLOUD_PLATFORM_SCOPE })
      .setProtectedHeader(header)
      .setIssuer(this.account.clientEmail)
      .setAudience(this.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_S)
      .sign(this.account.privateKey);
  }

  private async exchange(): Promise<string> {
    this.exchanges++;
    const who = this.account.clientEmail;
    let assertion: string;
    try {
      assertion = await this.assertion();
    } catch (err) {
      throw new GoogleAuthError(`Cannot sign a token request for ${who}: ${(err as Error).name}`);
    }
    const started = this.now();
    let status: number;
    let text: string;
    try {
      const res = await request(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
        headersTimeout: EXCHANGE_TIMEOUT_MS,
        bodyTimeout: EXCHANGE_TIMEOUT_MS,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const e = err as { code?: unknown; cause?: { code?: unknown } };
      const code =
        typeof e.code === 'string'
          ? e.code
          : typeof e.cause?.code === 'string'
            ? e.cause.code
            : (err as Error).name;
      throw new GoogleAuthError(`Could not reach the Google token endpoint for ${who} (${code})`);
    }
    if (status !== 200) {
      throw new GoogleAuthError(`The Google token endpoint refused ${who}: HTTP ${status} ${describe(text)}`);
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new GoogleAuthError(`The Google token endpoint answered ${who} with a body that is not JSON`);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
      throw new GoogleAuthError(`The Google token endpoint answered ${who} without an access_token`);
    }
    const lifetime =
      typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
    // Short-lived tokens are refreshed at half their life instead.
    const margin = Math.min(REFRESH_MARGIN_S, lifetime / 2);
    this.cached = { token: parsed.access_token, refreshAt: started + (lifetime - margin) * 1000 };
    return parsed.access_token;
  }
}

// Token sources outlive snapshots: a new snapshot re-prepares every account, and must not
// cost a token exchange per account each time.
const SOURCES = new Map<string, ServiceAccountTokens>();

/** The shared token source for `account` at `tokenUrl`. */
export function serviceAccountTokens(account: ServiceAccount, tokenUrl: string): ServiceAccountTokens {
  const key = `${account.fingerprint} ${tokenUrl}`;
  let source = SOURCES.get(key);
  if (!source) {
    source = new ServiceAccountTokens(account, tokenUrl);
    SOURCES.set(key, source);
  }
  return source;
}
