import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GatewayError } from '../errors';
import { RequestContext, type GatewayServices } from './request-context';
import { sendError } from './respond';
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
export function createGatewayServer(routes: RouteTable, services: GatewayServices): GatewayServer {
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
    if (!ctx.res.headersSent) sendError(ctx, new GatewayError('internal_error'));
    else ctx.res.destroy();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.on('close', onResponseClose);
    if (shuttingDown) res.shouldKeepAlive = false;
    const ctx = new RequestContext(req, res, services);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const methods = table.get(path) ?? underPrefix(table, path);
    if (!methods) {
      sendError(ctx, new GatewayError('unknown_url', `Invalid URL (${req.method} ${path.slice(0, 200)}).`));
      return;
    }
    const handler = methods.get(req.method ?? '');
    if (!handler) {
      res.setHeader('allow', [...methods.keys()].join(', '));
      sendError(
        ctx,
        new GatewayError('method_not_allowed', `Method ${req.method} is not allowed on ${path}.`),
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
  // Longer than common load balancers' idle timeouts (60 s), so they close idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed) {
      const body =
        '{"error":{"message":"Bad request.","type":"invalid_request_error","param":null,"code":null}}';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
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
