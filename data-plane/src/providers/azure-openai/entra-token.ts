import { request } from 'undici';

/** Entra ID's scope for Azure OpenAI (Cognitive Services). */
export const AZURE_OPENAI_SCOPE = 'https://cognitiveservices.azure.com/.default';

// Tokens are replaced this long before they expire, so a request never carries one that
// lapses in flight.
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * OAuth client credentials for one account: fetches a bearer token from `tokenUrl`, keeps
 * it until shortly before it expires, and shares one in-flight exchange between all
 * requests that need a token at the same time. A failed exchange is not cached.
 */
export class EntraTokenSource {
  private token: string | null = null;
  private refreshAtMs = 0;
  private pending: Promise<string> | null = null;

  constructor(
    readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly scope = AZURE_OPENAI_SCOPE,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.token !== null && this.now() < this.refreshAtMs) return Promise.resolve(this.token);
    this.pending ??= this.exchange().finally(() => (this.pending = null));
    return this.pending;
  }

  private async exchange(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      scope: this.scope,
    });
    const res = await request(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    let answer: {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      answer = {};
    }
    if (res.statusCode !== 200 || typeof answer.access_token !== 'string') {
      const why =
        typeof answer.error_description === 'string' ? answer.error_description : text.slice(0, 300);
      throw new Error(`Entra ID token exchange failed (HTTP ${res.statusCode}): ${why}`);
    }
    const lifetimeMs = (Number(answer.expires_in) || 3600) * 1000;
    this.token = answer.access_token;
    this.refreshAtMs = this.now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
    return this.token;
  }
}
