import type { Handler } from './routes';

/**
 * CORS for the prompt endpoints only, so the console's playground (served by the control plane, on
 * another origin) can call a node. Callers authenticate with a bearer virtual key, never a cookie, so
 * any origin may send requests: a page can only use a key it already holds. No credentials mode.
 */
const EXPOSED = 'x-request-id, x-switchyard-prompt, x-switchyard-prompt-version';

export function withCors(handler: Handler): Handler {
  return (ctx) => {
    ctx.res.setHeader('access-control-allow-origin', '*');
    ctx.res.setHeader('access-control-expose-headers', EXPOSED);
    return handler(ctx);
  };
}

/** The preflight of a cross-origin POST with a JSON body and an Authorization header. */
export const corsPreflight: Handler = (ctx) => {
  ctx.status = 204;
  ctx.res.writeHead(204, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'authorization, content-type, x-switchyard-metadata',
    'access-control-max-age': '600',
  });
  ctx.res.end();
};
