import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Paths the API owns; everything else may belong to the console. */
const API_PATHS = /^\/(graphql|healthz)(\/|$|\?)/;

/**
 * Serves the built console at `/`, and its index.html for any other GET that asks for a
 * page (client-side routes of the single-page app). Registered before Nest's routes;
 * /graphql and /healthz are never shadowed.
 */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  app.useStaticAssets(dir, { index: 'index.html', fallthrough: true, redirect: false });
  const indexHtml = join(dir, 'index.html');
  app.use(
    (
      req: IncomingMessage & { path?: string },
      res: ServerResponse & { sendFile?: (p: string) => void },
      next: () => void,
    ) => {
      const wantsPage =
        (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
      if (!wantsPage || API_PATHS.test(req.url ?? '')) return next();
      res.setHeader('cache-control', 'no-cache');
      res.sendFile!(indexHtml);
    },
  );
}
