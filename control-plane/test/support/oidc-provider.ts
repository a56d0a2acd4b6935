import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A real OpenID provider in a child process (see oidc-provider-server.mjs). */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces accounts: id → claims (email, email_verified, name, groups). */
  setAccounts(accounts: Record<string, Record<string, unknown>>): Promise<void>;
  /** Authorization requests the provider accepted, with the PKCE parameters it received. */
  events(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function startOidcProvider(redirectUri: string): Promise<TestOidcProvider> {
  const clientId = 'switchyard-console';
  const clientSecret = 'oidc-client-secret-0123456789';
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider-server.mjs')], {
    env: { ...process.env, REDIRECT_URI: redirectUri, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.on('exit', (code) => reject(new Error(`OIDC provider exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    setAccounts: async (accounts) => {
      const res = await fetch(`${issuer}/test/accounts`, { method: 'POST', body: JSON.stringify(accounts) });
      if (!res.ok) throw new Error(`setAccounts: ${res.status} ${await res.text()}`);
    },
    events: async () =>
      (await (await fetch(`${issuer}/test/events`)).json()) as Array<Record<string, unknown>>,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A cookie-aware client that follows redirects by hand, like a browser without the page rendering. */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** GETs `url` and follows redirects while `follow(url)` says so; returns the last response and URL. */
  async visit(
    url: string,
    follow: (next: URL) => boolean = () => true,
    maxHops = 20,
  ): Promise<{ res: Response; url: URL; hops: URL[] }> {
    let current = new URL(url);
    const hops: URL[] = [current];
    for (let i = 0; i < maxHops; i++) {
      const res = await fetch(current, { redirect: 'manual', headers: this.headersFor(current) });
      this.store(current, res);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current, hops };
      const next = new URL(location, current);
      if (!follow(next)) return { res, url: current, hops: [...hops, next] };
      current = next;
      hops.push(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).host)?.get(name);
  }

  private headersFor(url: URL): Record<string, string> {
    const cookies = this.jar.get(url.host);
    return cookies?.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private store(url: URL, res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const cookies = this.jar.get(url.host) ?? new Map<string, string>();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
      this.jar.set(url.host, cookies);
    }
  }
}

/** Where the tests' control planes send a signed-in browser; never fetched. */
export const CONSOLE = 'http://console.test/';

export interface SignInResult {
  status: number;
  /** The session token from the console redirect's fragment, when sign-in succeeded. */
  token?: string;
  expiresAt?: string;
  body: string;
  contentType: string | null;
  hops: URL[];
}

/**
 * Signs in on the control plane at `plane` as the provider account `hint` the way a browser
 * would, stopping at the console (`CONSOLE`, the post-login redirect the tests configure).
 */
export async function signInAt(plane: string, hint: string, browser = new Browser()): Promise<SignInResult> {
  const { res, hops } = await browser.visit(
    `${plane}/auth/oidc/login?login_hint=${encodeURIComponent(hint)}`,
    (next) => next.host !== 'console.test',
  );
  const last = hops[hops.length - 1];
  const body = await res.text();
  if (last.host === 'console.test') {
    const fragment = new URLSearchParams(last.hash.slice(1));
    return {
      status: res.status,
      token: fragment.get('session') ?? undefined,
      expiresAt: fragment.get('expires_at') ?? undefined,
      body,
      contentType: res.headers.get('content-type'),
      hops,
    };
  }
  return { status: res.status, body, contentType: res.headers.get('content-type'), hops };
}
