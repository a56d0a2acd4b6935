import type { McpServerCredentials } from '@switchyard/proto';

type OAuth = NonNullable<McpServerCredentials['oauth']>;

/** Refresh this long before a token's stated expiry. */
const EARLY_MS = 30_000;

/**
 * OAuth 2.0 client credentials tokens for upstream MCP servers, cached per server revision
 * until shortly before they expire. Error messages name the token URL's status, never a secret.
 */
export class OAuthTokens {
  private readonly cache = new Map<string, { token: string; expiresAtMs: number }>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly timeoutMs: number,
    private readonly fetch: typeof globalThis.fetch,
  ) {}

  async token(revision: string, oauth: OAuth): Promise<string> {
    const cached = this.cache.get(revision);
    if (cached && Date.now() < cached.expiresAtMs) return cached.token;
    let pending = this.inflight.get(revision);
    if (!pending) {
      pending = this.fetchToken(revision, oauth).finally(() => this.inflight.delete(revision));
      this.inflight.set(revision, pending);
    }
    return pending;
  }

  /** Forgets a token the upstream refused, so the next connection asks for a new one. */
  invalidate(revision: string): void {
    this.cache.delete(revision);
  }

  private async fetchToken(revision: string, oauth: OAuth): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (oauth.scope) body.set('scope', oauth.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(oauth.clientId)}:${encodeURIComponent(oauth.clientSecret)}`,
    ).toString('base64');
    const res = await this.fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`the OAuth token endpoint answered ${res.status}`);
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string' || !json.access_token)
      throw new Error('the OAuth token endpoint returned no access_token');
    const lifetimeMs = typeof json.expires_in === 'number' ? json.expires_in * 1000 : 3_600_000;
    this.cache.set(revision, {
      token: json.access_token,
      expiresAtMs: Date.now() + Math.max(0, lifetimeMs - EARLY_MS),
    });
    return json.access_token;
  }
}
