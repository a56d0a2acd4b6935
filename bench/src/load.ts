import autocannon from 'autocannon';
import { cpuMs, sampleRss } from './proc-stats';
import type { Gateway } from './gateway';

export interface LoadResult {
  /** 2xx responses per second. */
  rps: number;
  ok: number;
  /** Responses with a status outside 2xx, by status code. */
  non2xx: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  /** Latency of 2xx responses, milliseconds (exact, not autocannon's whole-ms histogram). */
  p50: number;
  p99: number;
  maxRssBytes: number;
  /** Gateway CPU time per 1,000 2xx responses, ms. */
  cpuMsPerKRequests: number;
  /** Same for its helper processes (Switchyard's control plane ingesting usage). */
  helperCpuMsPerKRequests?: number;
}

/** A small chat completion request for `model`; `text` is the user's message. */
export function chatBody(model: string, stream: boolean, text = 'Say hello in one short sentence.'): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: text },
    ],
    max_tokens: 32,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Drives `connections` concurrent keep-alive connections at the gateway for `seconds`. */
export async function runLoad(
  gateway: Gateway,
  options: { connections: number; seconds: number; stream: boolean },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const rss = sampleRss(gateway.pid);
  const helpers = gateway.helperPids ?? [];
  const cpuBefore = cpuMs(gateway.pid);
  const helperCpuBefore = helpers.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: gateway.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...gateway.headers },
        body: chatBody(gateway.model, options.stream),
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
      },
      (error, res) => (error ? reject(error as Error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const cpu = cpuMs(gateway.pid) - cpuBefore;
  const helperCpu = helpers.reduce((sum, pid) => sum + cpuMs(pid), 0) - helperCpuBefore;
  const maxRssBytes = rss.stop();
  const sorted = Float64Array.from(latencies).sort();
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const non2xx: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith('2') && count) non2xx[code] = count;
  }
  const ok = latencies.length;
  return {
    rps: ok / seconds,
    ok,
    non2xx,
    errors: result.errors,
    seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    maxRssBytes,
    cpuMsPerKRequests: ok ? (cpu / ok) * 1000 : NaN,
    ...(helpers.length ? { helperCpuMsPerKRequests: ok ? (helperCpu / ok) * 1000 : NaN } : {}),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * One cell of the table from several interleaved rounds: the median of each rate and
 * latency (a burst of noise from elsewhere on the machine spoils one round, not the cell),
 * every failure summed, the largest RSS.
 */
export function combineRounds(rounds: LoadResult[]): LoadResult {
  const non2xx: Record<string, number> = {};
  for (const round of rounds) {
    for (const [code, n] of Object.entries(round.non2xx)) non2xx[code] = (non2xx[code] ?? 0) + n;
  }
  const helper = rounds.map((r) => r.helperCpuMsPerKRequests).filter((v): v is number => v !== undefined);
  return {
    rps: median(rounds.map((r) => r.rps)),
    ok: rounds.reduce((sum, r) => sum + r.ok, 0),
    non2xx,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    maxRssBytes: Math.max(...rounds.map((r) => r.maxRssBytes)),
    cpuMsPerKRequests: median(rounds.map((r) => r.cpuMsPerKRequests)),
    ...(helper.length ? { helperCpuMsPerKRequests: median(helper) } : {}),
  };
}
