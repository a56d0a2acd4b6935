import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startChild } from './children';
import type { Gateway } from './gateway';

export interface Upstream {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  pid: number;
  stop(): Promise<unknown>;
}

/** The shared fake OpenAI upstream, in a process of its own. */
export async function startUpstream(apiKey: string): Promise<Upstream> {
  const { process: proc, ready } = await startChild(
    'fake-upstream',
    join(__dirname, 'upstream-process.js'),
    'fake upstream ready',
    { BENCH_UPSTREAM_KEY: apiKey },
  );
  return { baseUrl: String(ready.baseUrl), pid: proc.child.pid!, stop: () => proc.stop() };
}

/** The bare pass-through proxy: the baseline every ratio is measured against. */
export async function startBareProxy(upstream: Upstream, upstreamKey: string): Promise<Gateway> {
  const { process: proc, ready } = await startChild(
    'bare-proxy',
    join(__dirname, 'bare-proxy.js'),
    'bare proxy ready',
    { BENCH_UPSTREAM_URL: upstream.baseUrl },
  );
  return {
    name: 'bare proxy (node:http + undici)',
    key: 'bare',
    url: `${String(ready.url)}/v1/chat/completions`,
    model: 'gpt-4o-mini',
    headers: { authorization: `Bearer ${upstreamKey}` },
    pid: proc.child.pid!,
    recentOutput: () => proc.logs.slice(-20).join('\n'),
    stop: async () => {
      await proc.stop();
    },
  };
}

/** The minimal gateway: the least work authenticating, routing and metering take (a reference row). */
export async function startMinimalGateway(upstream: Upstream, upstreamKey: string): Promise<Gateway> {
  const keySecret = `sy-minimal-${randomBytes(16).toString('hex')}`;
  const { process: proc, ready } = await startChild(
    'minimal-gateway',
    join(__dirname, 'minimal-gateway.js'),
    'minimal gateway ready',
    { BENCH_UPSTREAM_URL: upstream.baseUrl, BENCH_UPSTREAM_KEY: upstreamKey, BENCH_KEY_SECRET: keySecret },
  );
  return {
    name: 'minimal gateway (reference)',
    key: 'minimal',
    url: `${String(ready.url)}/v1/chat/completions`,
    model: 'fast',
    headers: { authorization: `Bearer ${keySecret}` },
    pid: proc.child.pid!,
    recentOutput: () => proc.logs.slice(-20).join('\n'),
    stop: async () => {
      await proc.stop();
    },
  };
}
