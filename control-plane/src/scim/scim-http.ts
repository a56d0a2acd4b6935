import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestProtocol } from '../common/client-address';
import { bearerToken } from '../auth/timing-safe';
import { PINO_LOGGER } from '../logging/logging.module';
import { ScimTokensService } from './scim-tokens.service';
import { ERROR_SCHEMA, MAX_PAGE_SIZE } from './scim-schemas';
import { invalidValue, ScimError } from './scim.exception';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Writes a SCIM response body. */
export function sendScim(res: ServerResponse, status: number, body?: unknown, location?: string): void {
  res.statusCode = status;
  res.setHeader('cache-control', 'no-store');
  if (location) res.setHeader('location', location);
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', SCIM_CONTENT_TYPE);
  res.end(JSON.stringify(body));
}

/**
 * `<scheme>://<host>/scim/v2`, from the request (a trusted proxy's X-Forwarded-Proto is honoured,
 * see `requestProtocol`).
 */
export function scimBase(req: IncomingMessage): string {
  return `${requestProtocol(req)}://${req.headers.host ?? 'localhost'}/scim/v2`;
}

/** `startIndex` (1-based) and `count` from a list request, clamped as RFC 7644 §3.4.2.4 says. */
export function paging(query: Record<string, unknown>): { startIndex: number; count: number } {
  const int = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^-?\d{1,9}$/.test(raw)) throw invalidValue(`${name} must be an integer`);
    return Number(raw);
  };
  return {
    startIndex: Math.max(1, int('startIndex', 1)),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, int('count', 100))),
  };
}

/** Only requests with a live SCIM token reach the SCIM controllers. */
@Injectable()
export class ScimTokenGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    const token = bearerToken(req.headers.authorization);
    if (!token || !(await this.tokens.verify(token))) {
      throw new ScimError(
        401,
        token ? 'Invalid or revoked SCIM token' : 'Send "Authorization: Bearer <SCIM token>"',
      );
    }
    return true;
  }
}

/** Whether an HTTP request is for the SCIM endpoint (its errors answer in the SCIM shape). */
export function isScimRequest(req: IncomingMessage): boolean {
  return /^\/scim\/v2(\/|\?|$)/.test(req.url ?? '');
}

/** Answers any error in the SCIM error shape; unexpected ones are logged and become a 500. */
export function sendScimError(res: ServerResponse, exception: unknown, logger: Logger): void {
  let status = 500;
  let detail = 'Internal server error';
  let scimType: string | undefined;
  if (exception instanceof ScimError) {
    ({ status, scimType } = exception);
    detail = exception.message;
  } else if (exception instanceof HttpException && exception.getStatus() < 500) {
    // Nest's own: a body that is not JSON (400), an unknown path (404), a body too large (413).
    status = exception.getStatus();
    detail = exception.message;
    if (status === 400) scimType = 'invalidSyntax';
  } else {
    logger.error({ err: exception }, 'SCIM request failed');
  }
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="scim"');
  sendScim(res, status, {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
}

/** Every error from a SCIM controller in the SCIM error shape. */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    sendScimError(host.switchToHttp().getResponse<ServerResponse>(), exception, this.logger);
  }
}
