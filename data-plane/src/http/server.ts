import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayError, renderError } from '../errors';
import { anthropicErrorBody } from '../inbound/anthropic-messages/anthropic-response';
import { mappedError } from '../inbound/mapped-error';
import { RequestContext, type GatewayServices } from './request-context';
import { sendJson } from './respond';
import type { Handler, RouteTable } from './routes';

/** A node:http server with its route table, and a way to wait for in-flight requests. */
export interface GatewayServer {
  server: Server;
  /** From now on, answers ask clients to close their connection (so they move to another node). */
  beginShutdown(): void;
  /** Resolves once no request is in flight (immediately if none is). */
  drained(): Promise<void>;
}

function compile(routes: RouteTable): Map<string, Map<string, Handler>> {
  const byPath = new Map<string, Map<string, Handler>>();
  for (const [route, handler] of Object.entries(routes) as [string, Handler][]) {
    const [method, path] = route.split(' ');
    let methods = byPath.get(path);
    if (!methods) byPath.set(path, (methods = new Map()));
    methods.set(method, handler);
  }
  return byPath;
}

/** How long a client may take over its request, and keep an idle connection (see `GatewayConfig`). */
export interface ClientTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: ClientTimeouts = {
  headersTimeoutMs: 66_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 65_000,
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** Anthropic clients' paths: their errors go out in Anthropic's shape, which their SDKs read. */
function isAnthropicPath(path: string): boolean {
  return path === '/v1/messages' || path.startsWith('/v1/messages/');
}

/** An error's JSON body in the shape the clients of `path` expect. */
function errorBodyFor(path: string, err: GatewayError): string {
  return isAnthropicPath(path) ? JSON.stringify(anthropicErrorBody(mappedError(err))) : renderError(err);
}

/** Answers with an error from the catalogue, in the shape of the endpoint `path` names. */
function refuse(ctx: RequestContext, path: string, err: GatewayError): void {
  ctx.errorCode = err.code;
  ctx.errorMessage = err.message;
  if (ctx.res.writableEnded || ctx.res.destroyed) return;
  sendJson(ctx, err.status, errorBodyFor(path, err));
}

/** The path of the request a parser error belongs to, when it can be told. */
function pathOfFailedRequest(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): string {
  const pending = (socket as { _httpMessage?: ServerResponse | null })._httpMessage?.req?.url;
  const line = pending ?? err.rawPacket?.subarray(0, 256).toString('latin1').split(' ', 2)[1] ?? '/';
  const q = line.search(/[?#]/);
  return q === -1 ? line : line.slice(0, q);
}

/** The raw HTTP answer to a request node's parser refused, or timed out, before any handler saw it. */
function clientErrorResponse(err: NodeJS.ErrnoException, path: string): string {
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new GatewayError('request_timeout')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new GatewayError('headers_too_large')
        : new GatewayError('bad_request');
  const body = errorBodyFor(path, error);
  return (
    `HTTP/1.1 ${error.status} ${REASONS[error.status]}\r\ncontent-type: application/json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  );
}

/** The handlers of the longest `/prefix/*` route that `path` falls under, if any. */
function underPrefix(
  table: Map<string, Map<string, Handler>>,
  path: string,
): Map<string, Handler> | undefined {
  let best: Map<string, Handler> | undefined;
  let bestLength = 0;
  for (const [route, methods] of table) {
    if (!route.endsWith('/*')) continue;
    const prefix = route.slice(0, -1);
    if (path.length > prefix.length && path.startsWith(prefix) && prefix.length > bestLength) {
      best = methods;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** Creates the HTTP server: route lookup by path, then method; 404/405 in OpenAI's error shape. */
export function createGatewayServer(
  routes: RouteTable,
  services: GatewayServices,
  timeouts: ClientTimeouts = DEFAULT_TIMEOUTS,
): GatewayServer {
  const table = compile(routes);
  let inFlight = 0;
  let shuttingDown = false;
  let waiters: (() => void)[] = [];
  const onResponseClose = () => {
    inFlight--;
    if (inFlight === 0 && waiters.length > 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  const onError = (ctx: RequestContext, err: unknown) => {
    services.logger.error({ requestId: ctx.requestId, err }, 'request handler failed');
    if (!ctx.res.headersSent)
      refuse(ctx, (ctx.req.url ?? '/').split('?')[0], new GatewayError('internal_error'));
    else ctx.res.destroy();
  };

  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = timeouts;
  const options = {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    // How often node looks for connections past those timeouts: often enough that they hold
    // to within a quarter, without walking the connection list more than a few times a second.
    connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(headersTimeoutMs / 4))),
  };
  const server = createServer(options, (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.on('close', onResponseClose);
    if (shuttingDown) res.shouldKeepAlive = false;
    const ctx = new RequestContext(req, res, services);
    const url = req.url ?? '/';
    // The path ends at the query or a fragment (clients should not send one, but some do).
    const end = url.search(/[?#]/);
    const path = end === -1 ? url : url.slice(0, end);
    const methods = table.get(path) ?? underPrefix(table, path);
    if (!methods) {
      refuse(
        ctx,
        path,
        new GatewayError('unknown_url', `Invalid URL (${req.method} ${path.slice(0, 200)}).`),
      );
      return;
    }
    const handler = methods.get(req.method ?? '');
    if (!handler) {
      res.setHeader('allow', [...methods.keys()].join(', '));
      refuse(
        ctx,
        path,
        new GatewayError(
          'method_not_allowed',
          `Method ${req.method} is not allowed on ${path.slice(0, 200)}.`,
        ),
      );
      return;
    }
    try {
      const done = handler(ctx);
      if (done) done.catch((err: unknown) => onError(ctx, err));
    } catch (err) {
      onError(ctx, err);
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Not while a response is under way on this socket: raw bytes would corrupt it.
    const busy = (socket as { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
    if (socket.writable && !socket.destroyed && !busy) {
      socket.end(clientErrorResponse(err, pathOfFailedRequest(err, socket)));
    } else socket.destroy();
    services.logger.debug({ err: err.message }, 'client error');
  });

  return {
    server,
    beginShutdown: () => {
      shuttingDown = true;
    },
    drained: () =>
      inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
