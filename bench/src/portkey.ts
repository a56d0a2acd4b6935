import { dirname, join } from 'node:path';
import { waitForPort } from '@switchyard/local';
import { freePort } from '@switchyard/local';
import { spawnForeign } from './children';
import type { Gateway } from './gateway';

/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, the npm package's own
 * `build/start-server.js`, as `npx @portkey-ai/gateway` runs it), told per request to send
 * OpenAI-style calls to the fake upstream (`x-portkey-provider: openai` +
 * `x-portkey-custom-host`), with the upstream key passed through as the bearer token.
 */
export async function startPortkey(upstreamBaseUrl: string, upstreamKey: string): Promise<Gateway> {
  const startServer = join(
    dirname(require.resolve('@portkey-ai/gateway/package.json')),
    'build/start-server.js',
  );
  const port = await freePort();
  const proc = spawnForeign(
    process.execPath,
    ['-r', join(__dirname, 'loopback-only.js'), startServer, `--port=${port}`, '--headless'],
    { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
  );
  try {
    await Promise.race([
      waitForPort('127.0.0.1', port, 30_000),
      proc.exited.then((code) => {
        throw new Error(`it exited (${code})`);
      }),
    ]);
  } catch (error) {
    await proc.stop();
    throw new Error(`Portkey's gateway did not start: ${(error as Error).message}\n${proc.output()}`);
  }
  return {
    name: 'Portkey gateway 1.15.2',
    key: 'portkey',
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    model: 'gpt-4o-mini',
    headers: {
      authorization: `Bearer ${upstreamKey}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': upstreamBaseUrl,
    },
    pid: proc.child.pid!,
    recentOutput: () => proc.output().slice(-4000),
    stop: () => proc.stop(),
  };
}
