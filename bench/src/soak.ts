/**
 * The soak: a real platform (control plane + two data-plane nodes) under a steady mixed load
 * for minutes, with routing (a `weighted` route over two provider accounts) and guardrails
 * (a workspace policy: `pii` redact on input and output, and a `regex_deny` the load never
 * matches) on every request. Reports throughput, latency, every failure (the target is none)
 * and each process's RSS over time, with its trend over the second half: a leak shows as a
 * slope, not as one number past a threshold.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  createScratchDatabase,
  deleteBucket,
  freePorts,
  generateSecrets,
  graphql,
  Platform,
  randomSuffix,
} from '@switchyard/local';
import { track } from './children';
import { percentile } from './load';
import { cpuMs, machineBusyMs, rssBytes } from './proc-stats';

export interface SoakOptions {
  postgresUrl: string;
  natsUrl: string;
  upstreamBaseUrl: string;
  upstreamKey: string;
  /** The fake upstream's process, counted as ours when telling how busy the machine was. */
  upstreamPid: number;
  /** Seconds of load. */
  seconds: number;
}

const NODE_IDS = ['soak-node-1', 'soak-node-2'];
/** Keep-alive connections in all: a quarter per node and kind (streaming or not). */
const CONNECTIONS = 16;
/** |slope| of RSS over the second half, MB per minute, under which it counts as flat. */
const TREND_LIMIT_MB_PER_MIN = 1;
const MB = 1_000_000;
const ROUTE = 'soak';
const EMAIL = 'jane.doe@example.com';
const REDACTED = '[REDACTED_EMAIL]';
/** Matches the policy's `regex_deny`; only the check before the load sends it. */
const DENIED_TEXT = 'project SOAK-DENY-0042';

const APPLY = `mutation Apply($input: ApplyConfigInput!) {
  applyConfig(input: $input) { snapshotVersion }
}`;

/** Interval length: 30 s for the default 10 minutes, shorter for short runs (at least 12 points). */
export function soakIntervalS(seconds: number): number {
  return Math.min(30, Math.max(5, Math.floor(seconds / 12)));
}

function body(text: string, stream: boolean): string {
  return JSON.stringify({
    model: ROUTE,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: text },
    ],
    max_tokens: 32,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}
// The user text holds an email address: the `pii` check redacts it on every request, and the
// fake upstream echoes it, so the answer shows that it did.
const LOAD_TEXT = `Say hello in one short sentence to ${EMAIL}.`;

interface SoakNode {
  nodeId: string;
  url: string;
  pid: number;
}

interface SoakPlatform {
  nodes: SoakNode[];
  controlPlanePid: number;
  headers: Record<string, string>;
  recentOutput(): string;
  stop(): Promise<void>;
}

/** Control plane + two nodes on a database and bucket of their own, configured through `applyConfig`. */
async function startSoakPlatform(options: SoakOptions): Promise<SoakPlatform> {
  const bucket = `sy-soak-${randomSuffix()}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-soak-'));
  const secrets = generateSecrets();
  const keySecret = `sy-soak-${randomBytes(16).toString('hex')}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const database = await createScratchDatabase(options.postgresUrl, 'sy_soak');
    cleanups.push(() => database.drop());
    cleanups.push(() => deleteBucket(options.natsUrl, bucket));
    const [apiPort, grpcPort] = await freePorts(2);
    const platform = new Platform({
      databaseUrl: database.url,
      natsUrl: options.natsUrl,
      secrets,
      bucket,
      apiPort,
      grpcPort,
      stateDir,
      env: { LOG_LEVEL: 'info' },
    });
    cleanups.push(() => platform.stop());
    const graphqlUrl = await platform.startControlPlane();
    track(platform.controlPlane!.child);
    const account = (name: string) => ({
      name,
      kind: 'openai',
      baseUrl: options.upstreamBaseUrl,
      apiKey: options.upstreamKey,
    });
    await graphql(graphqlUrl, secrets.adminToken, APPLY, {
      input: {
        workspaces: [
          {
            slug: 'soak',
            name: 'Soak',
            // Two accounts on the same fake upstream, so the route has a real choice to make.
            providers: [account('upstream-a'), account('upstream-b')],
            routes: [
              {
                alias: ROUTE,
                strategy: 'weighted',
                targets: ['upstream-a', 'upstream-b'].map((provider) => ({
                  provider,
                  model: 'gpt-4o-mini',
                  weight: 1,
                })),
              },
            ],
            guardrails: [
              {
                name: 'soak-policy',
                stage: 'both',
                action: 'redact',
                checks: [
                  { type: 'pii', params: { types: ['email', 'phone', 'credit_card'] } },
                  {
                    name: 'no-deny-codes',
                    type: 'regex_deny',
                    action: 'deny',
                    params: { pattern: 'SOAK-DENY-\\d{4}' },
                  },
                ],
                attach: { workspace: true },
              },
            ],
            keys: [{ name: 'soak', secret: keySecret }],
          },
        ],
      },
    });
    const nodes: SoakNode[] = [];
    for (const nodeId of NODE_IDS) {
      const node = await platform.startDataPlane(nodeId);
      track(node.process.child);
      await platform.waitUntilReady(node);
      nodes.push({ nodeId, url: `${node.url}/v1/chat/completions`, pid: node.process.child.pid! });
    }
    return {
      nodes,
      controlPlanePid: platform.controlPlane!.child.pid!,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keySecret}` },
      recentOutput: () =>
        [
          ...platform.nodes.flatMap((n) => [
            `${n.nodeId} (exit: ${n.process.child.exitCode ?? n.process.child.signalCode ?? 'running'}):`,
            ...n.process.logs.slice(-15),
          ]),
          `control plane (exit: ${platform.controlPlane?.child.exitCode ?? platform.controlPlane?.child.signalCode ?? 'running'}):`,
          ...(platform.controlPlane?.logs.slice(-10) ?? []),
        ].join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The text of a streamed answer: its chunks' content deltas joined (a redaction may span chunks). */
function streamedText(events: string): string {
  let text = '';
  for (const line of events.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string | null } }[] };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

/**
 * Before any load, on each node: routing and guardrails are really on. A chat completion and
 * a stream (ending in usage and `[DONE]`) answer with the email redacted, a request matching
 * the `regex_deny` is refused with 400 `guardrail_denied`, and the weighted route sends
 * requests to both provider accounts. Anything else stops the run: a soak of 4xx measures nothing.
 */
async function checkSoak(platform: SoakPlatform): Promise<void> {
  const providers = new Set<string>();
  for (const node of platform.nodes) {
    const post = (text: string, stream: boolean) =>
      fetch(node.url, { method: 'POST', headers: platform.headers, body: body(text, stream) });
    const plain = await post(LOAD_TEXT, false);
    const answer = await plain.text();
    if (plain.status !== 200 || !answer.includes(REDACTED) || answer.includes(EMAIL)) {
      throw new Error(`${node.nodeId}: no redacted chat completion: ${plain.status} ${answer.slice(0, 500)}`);
    }
    const streamed = await post(LOAD_TEXT, true);
    const events = await streamed.text();
    const text = streamed.status === 200 ? streamedText(events) : '';
    if (
      !text.includes(REDACTED) ||
      text.includes(EMAIL) ||
      !events.includes('"usage":{') ||
      !events.includes('data: [DONE]')
    ) {
      throw new Error(
        `${node.nodeId}: no redacted stream with usage: ${streamed.status} ${events.slice(0, 500)}`,
      );
    }
    const denied = await post(DENIED_TEXT, false);
    const error = (await denied.json().catch(() => ({}))) as { error?: { code?: string } };
    if (denied.status !== 400 || error.error?.code !== 'guardrail_denied') {
      throw new Error(
        `${node.nodeId}: the regex_deny check did not deny: ${denied.status} ${JSON.stringify(error)}`,
      );
    }
    for (let i = 0; i < 16; i++) {
      const response = await post(LOAD_TEXT, false);
      await response.arrayBuffer();
      const provider = response.headers.get('x-switchyard-provider');
      if (provider) providers.add(provider);
    }
  }
  if (providers.size !== 2) {
    throw new Error(`the weighted route answered from ${providers.size} provider account(s), not 2`);
  }
}

interface Interval {
  latencies: number[];
  non2xx: Record<string, number>;
  errors: number;
}

interface RssSample {
  /** Seconds since the load started. */
  t: number;
  /** Bytes, per process: the nodes in order, then the control plane. */
  rss: number[];
}

interface SoakResult {
  seconds: number;
  intervalS: number;
  intervals: Interval[];
  byKind: Record<'plain' | 'stream', { latencies: number[]; non2xx: number; errors: number }>;
  okPerNode: number[];
  cpuMsPerNode: number[];
  controlPlaneCpuMs: number;
  idleRss: number[];
  samples: RssSample[];
  errorMessages: string[];
  othersShare: number;
}

/** Least-squares slope of y over t, in y's unit per t's unit (NaN with fewer than 2 distinct t). */
export function slope(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const tMean = points.reduce((s, p) => s + p.t, 0) / n;
  const yMean = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - tMean) * (p.y - yMean);
    den += (p.t - tMean) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const mb = (v: number | undefined) => (v === undefined ? '–' : (v / MB).toFixed(0));
const sorted = (values: number[]) => Float64Array.from(values).sort();
const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

async function drive(
  platform: SoakPlatform,
  options: SoakOptions,
  log: (m: string) => void,
): Promise<SoakResult> {
  const intervalS = soakIntervalS(options.seconds);
  const count = Math.ceil(options.seconds / intervalS);
  const intervals: Interval[] = Array.from({ length: count }, () => ({
    latencies: [],
    non2xx: {},
    errors: 0,
  }));
  const byKind: SoakResult['byKind'] = {
    plain: { latencies: [], non2xx: 0, errors: 0 },
    stream: { latencies: [], non2xx: 0, errors: 0 },
  };
  const okPerNode = platform.nodes.map(() => 0);
  const errorMessages: string[] = [];
  const pids = [...platform.nodes.map((n) => n.pid), platform.controlPlanePid];
  const ours = () => [process.pid, options.upstreamPid, ...pids].reduce((sum, pid) => sum + cpuMs(pid), 0);
  const idleRss = pids.map((pid) => rssBytes(pid) ?? 0);
  const cpuBefore = pids.map((pid) => cpuMs(pid));
  const busyBefore = machineBusyMs() - ours();
  const instances: autocannon.Instance[] = [];
  const samples: RssSample[] = [];
  let gone: string | undefined;
  let logged = 0;

  const start = Date.now();
  const at = () => Math.min(count - 1, Math.floor((Date.now() - start) / 1000 / intervalS));
  const sampler = setInterval(() => {
    const rss = pids.map((pid) => rssBytes(pid));
    const dead = rss.findIndex((r) => r === undefined);
    if (dead >= 0 && !gone) {
      gone = dead < platform.nodes.length ? platform.nodes[dead].nodeId : 'the control plane';
      for (const instance of instances) instance.stop();
      return;
    }
    const t = (Date.now() - start) / 1000;
    samples.push({ t, rss: rss as number[] });
    const done = Math.min(count, Math.floor(t / intervalS));
    if (done > logged) {
      logged = done;
      const i = intervals[done - 1];
      log(
        `soak ${done * intervalS} s: ${(i.latencies.length / intervalS).toFixed(0)} req/s, ` +
          `${sum(i.non2xx) + i.errors} failed, ` +
          `RSS ${rss.map((r) => ((r ?? 0) / MB).toFixed(0)).join(' / ')} MB (nodes / control plane)`,
      );
    }
  }, 1000);
  try {
    await Promise.all(
      platform.nodes.flatMap((node, n) =>
        (['plain', 'stream'] as const).map(
          (kind) =>
            new Promise<void>((resolve, reject) => {
              const instance = autocannon(
                {
                  url: node.url,
                  method: 'POST',
                  headers: platform.headers,
                  body: body(LOAD_TEXT, kind === 'stream'),
                  connections: CONNECTIONS / (platform.nodes.length * 2),
                  duration: options.seconds,
                  timeout: 10,
                },
                (error) => (error ? reject(error as Error) : resolve()),
              );
              instances.push(instance);
              instance.on('response', (_client, statusCode, _bytes, responseTime) => {
                const interval = intervals[at()];
                if (statusCode >= 200 && statusCode < 300) {
                  interval.latencies.push(responseTime);
                  byKind[kind].latencies.push(responseTime);
                  okPerNode[n]++;
                } else {
                  interval.non2xx[statusCode] = (interval.non2xx[statusCode] ?? 0) + 1;
                  byKind[kind].non2xx++;
                }
              });
              instance.on('reqError', (error: Error) => {
                intervals[at()].errors++;
                byKind[kind].errors++;
                if (errorMessages.length < 5) errorMessages.push(`${node.nodeId} ${kind}: ${error.message}`);
              });
            }),
        ),
      ),
    );
  } finally {
    clearInterval(sampler);
  }
  const seconds = (Date.now() - start) / 1000;
  if (gone) throw new Error(`${gone} died during the soak. Last output:\n${platform.recentOutput()}`);
  samples.push({ t: seconds, rss: pids.map((pid) => rssBytes(pid) ?? 0) });
  const cpu = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]);
  const othersShare = (machineBusyMs() - ours() - busyBefore) / (seconds * 1000 * cpus().length);
  return {
    seconds,
    intervalS,
    intervals,
    byKind,
    okPerNode,
    cpuMsPerNode: cpu.slice(0, platform.nodes.length),
    controlPlaneCpuMs: cpu[platform.nodes.length],
    idleRss,
    samples,
    errorMessages,
    othersShare,
  };
}

function render(r: SoakResult, nodes: SoakNode[]): string {
  const cpu = cpus();
  const all = sorted([...r.byKind.plain.latencies, ...r.byKind.stream.latencies]);
  const failed = Object.values(r.byKind).reduce((s, k) => s + k.non2xx + k.errors, 0);
  const names = [...nodes.map((n) => n.nodeId), 'control plane'];
  // RSS at the end of each interval: the last sample taken in it.
  const rssAt = (end: number) => [...r.samples].reverse().find((s) => s.t <= end + 0.5)?.rss;
  const firstInterval = rssAt(r.intervalS);
  const last = r.samples[r.samples.length - 1]?.rss;
  const secondHalf = r.samples.filter((s) => s.t >= r.seconds / 2);
  const trend = names.map((_, i) => slope(secondHalf.map((s) => ({ t: s.t / 60, y: s.rss[i] / MB }))));
  const flat = trend.every((s) => Number.isFinite(s) && Math.abs(s) <= TREND_LIMIT_MB_PER_MIN);
  const minutes = (r.seconds / 60).toFixed(1);
  const short = r.seconds < 300;

  const lines = [
    '## Soak',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}. ` +
      `**Duration: ${r.seconds.toFixed(0)} s** (\`BENCH_SOAK_S\`; the default is 600 s)` +
      (short ? ' — a short run: the RSS trend over its second half says little about a leak.' : '.'),
    '',
    `The real platform (control plane + ${nodes.length} data-plane nodes, LOG_LEVEL=info) in front of the fake OpenAI upstream, ` +
      `${CONNECTIONS} keep-alive connections from autocannon spread evenly over the nodes, half sending streaming requests ` +
      '(`stream_options.include_usage`), half not. Every request goes through a `weighted` route over two provider accounts ' +
      'and a workspace guardrail policy (`pii` redact on input and output — every request carries an email address, which ' +
      'is redacted — and a `regex_deny` the load never matches); before the load, each node showed the redaction, a denial and both ' +
      'accounts answering. Latencies are of 2xx responses (a stream: until its last byte). RSS is each process’s VmRSS, sampled every second.',
    '',
    `Other processes on the machine (other agents’ work: it is shared) used ${(r.othersShare * 100).toFixed(0)}% of its CPU during the soak ` +
      '(0% on an otherwise idle machine), so absolute rates are lower than on a quiet one; the trends are what this section is for.',
    '',
    '| requests | 2xx | req/s | p50 (ms) | p99 (ms) | non-2xx | errors |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [label, k] of [
    ['non-streaming', r.byKind.plain],
    ['streaming', r.byKind.stream],
  ] as const) {
    const s = sorted(k.latencies);
    lines.push(
      `| ${label} | ${s.length} | ${(s.length / r.seconds).toFixed(0)} | ${ms(percentile(s, 50))} | ${ms(percentile(s, 99))} | ${k.non2xx} | ${k.errors} |`,
    );
  }
  lines.push(
    `| all | ${all.length} | ${(all.length / r.seconds).toFixed(0)} | ${ms(percentile(all, 50))} | ${ms(percentile(all, 99))} | ` +
      `${r.byKind.plain.non2xx + r.byKind.stream.non2xx} | ${r.byKind.plain.errors + r.byKind.stream.errors} |`,
  );
  if (r.errorMessages.length) lines.push('', `First errors: ${r.errorMessages.join('; ')}.`);

  lines.push(
    '',
    `| process | 2xx served | CPU ms / 1k req | RSS idle (MB) | after ${r.intervalS} s | at end | max | slope, 2nd half (MB/min) |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  );
  names.forEach((name, i) => {
    const isNode = i < nodes.length;
    const cpuPerK = isNode
      ? (r.cpuMsPerNode[i] / r.okPerNode[i]) * 1000
      : (r.controlPlaneCpuMs / all.length) * 1000;
    lines.push(
      `| ${name} | ${isNode ? r.okPerNode[i] : '–'} | ${Number.isFinite(cpuPerK) ? cpuPerK.toFixed(0) : '–'} | ${mb(r.idleRss[i])} | ` +
        `${mb(firstInterval?.[i])} | ${mb(last?.[i])} | ${mb(Math.max(...r.samples.map((s) => s.rss[i])))} | ` +
        `${Number.isFinite(trend[i]) ? trend[i].toFixed(2) : '–'} |`,
    );
  });

  lines.push(
    '',
    `Every ${r.intervalS} s (RSS at the end of the interval):`,
    '',
    `| t (s) | req/s | p50 (ms) | p99 (ms) | failed | ${names.map((n) => `RSS ${n} (MB)`).join(' | ')} |`,
    `|--:|--:|--:|--:|--:|${names.map(() => '--:').join('|')}|`,
  );
  r.intervals.forEach((interval, i) => {
    const end = Math.min(r.seconds, (i + 1) * r.intervalS);
    const length = end - i * r.intervalS;
    const s = sorted(interval.latencies);
    const rss = rssAt(end);
    lines.push(
      `| ${end.toFixed(0)} | ${(s.length / length).toFixed(0)} | ${ms(percentile(s, 50))} | ${ms(percentile(s, 99))} | ` +
        `${sum(interval.non2xx) + interval.errors} | ${names.map((_, j) => mb(rss?.[j])).join(' | ')} |`,
    );
  });

  lines.push(
    '',
    '| target | measured | met |',
    '|---|--:|:-:|',
    `| no failed requests in ${minutes} min | ${failed} | ${failed === 0 ? '✓' : '✗'} |`,
    `| RSS flat over the second half (\\|slope\\| ≤ ${TREND_LIMIT_MB_PER_MIN} MB/min, every process) | ` +
      `${trend.map((s) => (Number.isFinite(s) ? s.toFixed(2) : '–')).join(' / ')} MB/min | ${flat ? '✓' : '✗'}${short ? ' (short run)' : ''} |`,
  );
  return lines.join('\n') + '\n';
}

/** Runs the soak on a platform of its own (removed afterwards); returns its markdown section. */
export async function runSoak(options: SoakOptions, log: (message: string) => void): Promise<string> {
  log(`soak: starting a control plane and ${NODE_IDS.length} data-plane nodes`);
  const platform = await startSoakPlatform(options);
  try {
    await checkSoak(platform);
    log(
      `soak: routing and guardrails answer on every node; ${options.seconds} s of load ` +
        `(${CONNECTIONS} connections, intervals of ${soakIntervalS(options.seconds)} s)`,
    );
    const result = await drive(platform, options, log);
    const failed = Object.values(result.byKind).reduce((s, k) => s + k.non2xx + k.errors, 0);
    log(`soak: ${result.okPerNode.reduce((a, b) => a + b, 0)} requests answered, ${failed} failed`);
    return render(result, platform.nodes);
  } finally {
    await platform.stop();
  }
}
