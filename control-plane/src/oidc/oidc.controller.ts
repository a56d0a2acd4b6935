import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Public } from '../auth/roles.decorator';
import { clientAddress, requestProtocol } from '../common/client-address';
import { PINO_LOGGER } from '../logging/logging.module';
import { LOGIN_ATTEMPT_TTL_SECONDS, OidcLoginService } from './oidc-login.service';
import { OidcLoginError } from './oidc.exception';

const STATE_COOKIE = 'sy_oidc_state';
/** A full cap is logged as a warning at most this often; the requests it refuses, at debug. */
const FULL_WARNING_INTERVAL_MS = 60_000;

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function stateCookie(value: string, maxAge: number, secure: boolean): string {
  return `${STATE_COOKIE}=${encodeURIComponent(value)}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Browser sign-in through the installation's OIDC provider. `login` redirects to the
 * provider; `callback` finishes, then redirects to the console with the session token in the
 * URL fragment (`#session=…&expires_at=…`: never sent to a server or written to access logs).
 * Refusals are an HTML page (or JSON when the client asks for it) with a 4xx status; a 429
 * (too many sign-ins started) carries `retry-after`.
 */
@Public()
@Controller('auth/oidc')
export class OidcController {
  private lastFullWarning = 0;

  constructor(
    private readonly login: OidcLoginService,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Whether single sign-on is on, so the console's login page can offer "Sign in with SSO". Public:
   * it says no more than `/auth/oidc/login` would (a redirect or OIDC_NOT_CONFIGURED).
   */
  @Get('status')
  async status(@Res() res: ServerResponse): Promise<void> {
    const enabled = await this.login.enabled();
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify({ enabled }));
  }

  @Get('login')
  async start(
    @Query('login_hint') loginHint: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    try {
      const { url, state } = await this.login.start(
        typeof loginHint === 'string' ? loginHint.slice(0, 320) : undefined,
        clientAddress(req) ?? 'unknown',
      );
      res.statusCode = 302;
      res.setHeader(
        'set-cookie',
        stateCookie(state, LOGIN_ATTEMPT_TTL_SECONDS, requestProtocol(req) === 'https'),
      );
      res.setHeader('location', url);
      res.setHeader('cache-control', 'no-store');
      res.end();
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  @Get('callback')
  async callback(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? '/', 'http://callback').searchParams;
    try {
      this.login.admitCallback(clientAddress(req) ?? 'unknown');
      // The state is single use whatever happens next (a throttled callback leaves it be).
      res.setHeader('set-cookie', stateCookie('', 0, requestProtocol(req) === 'https'));
      const signedIn = await this.login.finish(query, cookie(req, STATE_COOKIE));
      this.logger.info(
        { userId: signedIn.user.id, created: signedIn.created, method: 'oidc' },
        'user signed in through OIDC',
      );
      res.statusCode = 303;
      res.setHeader('location', signedIn.redirectTo);
      res.setHeader('cache-control', 'no-store');
      res.setHeader('referrer-policy', 'no-referrer');
      res.end();
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const known = error instanceof OidcLoginError ? error : null;
    if (!known) this.logger.error({ err: error }, 'OIDC sign-in failed');
    else this.logRefusal(known);
    const status = known?.status ?? 500;
    const code = known?.code ?? 'INTERNAL_SERVER_ERROR';
    const message = known?.message ?? 'Sign-in failed because of an internal error';
    res.statusCode = status;
    res.setHeader('cache-control', 'no-store');
    if (known?.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(known.retryAfterSeconds));
    if (/application\/json/.test(req.headers.accept ?? '') && !/text\/html/.test(req.headers.accept ?? '')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code, message } }));
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('content-security-policy', "default-src 'none'");
    res.end(
      `<!doctype html><html><head><meta charset="utf-8"><title>Sign-in failed</title></head>` +
        `<body><h1>Sign-in failed</h1><p>${escapeHtml(message)}</p><p><code>${code}</code></p>` +
        `<p><a href="/auth/oidc/login">Try again</a></p></body></html>`,
    );
  }

  /** Refusals a flood can cause are not each worth a warning: that would flood the logs too. */
  private logRefusal(error: OidcLoginError): void {
    const fields = { code: error.code, reason: error.message };
    if (error.status !== 429) return this.logger.warn(fields, 'OIDC sign-in refused');
    const now = Date.now();
    if (
      error.code === 'OIDC_TOO_MANY_PENDING_LOGINS' &&
      now - this.lastFullWarning >= FULL_WARNING_INTERVAL_MS
    ) {
      this.lastFullWarning = now;
      this.logger.warn(
        fields,
        'OIDC sign-ins refused: SWITCHYARD_OIDC_MAX_PENDING_LOGINS reached (logged once a minute)',
      );
      return;
    }
    this.logger.debug(fields, 'OIDC sign-in refused');
  }
}
