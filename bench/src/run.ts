/**
 * `pnpm bench`: Switchyard's data plane, a bare pass-through proxy (the limit a Node
 * gateway can reach), a minimal gateway (the necessary work alone, for reference) and
 * Portkey's open-source gateway, one after another in front of the
 * same fake OpenAI upstream, at concurrency 1 and 32 (and 32 streaming). Prints a markdown
 * table with ratios against the bare proxy measured in this same run, and writes it to
 * bench/results/latest.md. Not a test: it reports whether the targets are met, honestly.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { startBareProxy, startMinimalGateway, startUpstream, type Upstream } from './baselines';
import { checkGateway } from './check';
import { loadConfig, type BenchConfig } from './config';
import type { Gateway } from './gateway';
import { combineRounds, runLoad, type LoadResult } from './load';
import { startPortkey } from './portkey';
import { othersCpuShare, rssBytes } from './proc-stats';
import { renderReport, SCENARIOS, type Results } from './report';
import { runCacheBench } from './cache';
import { runRoutingBench } from './routing';
import { runSoak } from './soak';
import { startSwitchyard } from './switchyard';

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

let upstream: Upstream | undefined;
const gateways: Gateway[] = [];
let cleaning: Promise<void> | undefined;

/** Stops every gateway and the upstream (and drops Switchyard's database and bucket); safe to call twice. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const gateway of gateways.reverse()) {
      await gateway.stop().catch((e: unknown) => log(`stopping ${gateway.name}: ${String(e)}`));
    }
    await upstream?.stop().catch((e: unknown) => log(`stopping the fake upstream: ${String(e)}`));
  })();
  return cleaning;
}

/** A gateway whose process died mid-run has no numbers to give: stop, and show why it died. */
function assertAlive(gateway: Gateway): void {
  if (rssBytes(gateway.pid) !== undefined) return;
  throw new Error(
    `${gateway.name} (pid ${gateway.pid}) is gone. Its last output:\n${gateway.recentOutput()}`,
  );
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const began = Date.now();
  if (config.cache === 'only') {
    await writeResults('cache.md', 'pnpm bench (semantic cache only)', [runCacheBench(log)]);
    log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    return;
  }
  const upstreamKey = `sk-bench-${randomBytes(12).toString('hex')}`;
  upstream = await startUpstream(upstreamKey);
  log(`fake upstream at ${upstream.baseUrl}`);
  const soak = () =>
    runSoak(
      {
        postgresUrl: config.postgresUrl,
        natsUrl: config.natsUrl,
        upstreamBaseUrl: upstream!.baseUrl,
        upstreamKey,
        upstreamPid: upstream!.pid,
        seconds: config.soakS,
      },
      log,
    );
  if (config.soak === 'only') {
    await writeResults('soak.md', `pnpm bench (soak only, BENCH_SOAK_S=${config.soakS})`, [await soak()]);
    log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    return;
  }
  for (const key of config.gateways) {
    const gateway =
      key === 'bare'
        ? await startBareProxy(upstream, upstreamKey)
        : key === 'minimal'
          ? await startMinimalGateway(upstream, upstreamKey)
          : key === 'portkey'
            ? await startPortkey(upstream.baseUrl, upstreamKey)
            : await startSwitchyard({
                postgresUrl: config.postgresUrl,
                natsUrl: config.natsUrl,
                upstreamBaseUrl: upstream.baseUrl,
                upstreamKey,
              });
    gateways.push(gateway);
    await checkGateway(gateway, config.stream);
    log(
      `${gateway.name} at ${gateway.url} answers (idle RSS ${((rssBytes(gateway.pid) ?? 0) / 1e6).toFixed(0)} MB)`,
    );
  }

  const sections: string[] = [];
  if (config.routing !== 'only') sections.push(await compareGateways(config));
  if (config.routing !== 'off') {
    const switchyard = gateways.find((g) => g.key === 'switchyard');
    if (switchyard) sections.push(await runRoutingBench(switchyard, config, log));
    else log('routing benchmark skipped: BENCH_GATEWAYS does not include switchyard');
  }
  if (config.cache === 'on') sections.push(runCacheBench(log));
  // Last, on a platform of its own (the gateways above sit idle meanwhile); also in soak.md.
  if (config.soak === 'on' && config.routing !== 'only') {
    const section = await soak();
    sections.push(section);
    await writeResults('soak.md', `pnpm bench (soak, BENCH_SOAK_S=${config.soakS})`, [section]);
  }
  const name = config.routing === 'only' ? 'routing.md' : 'latest.md';
  const title = config.routing === 'only' ? 'pnpm bench (routing only)' : 'pnpm bench';
  await writeResults(name, title, sections);
  log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);
}

/** Prints the sections as markdown and writes them to `results/<name>`. */
async function writeResults(name: string, title: string, sections: string[]): Promise<void> {
  const file = join(__dirname, '..', 'results', name);
  // Formatted as the repository's prettier would, so a fresh result passes `prettier --check`.
  const markdown = await format(`# ${title} — latest run\n\n${sections.join('\n')}`, {
    ...(await resolveConfig(file)),
    parser: 'markdown',
  });
  process.stdout.write(`\n${markdown}`);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, markdown);
  log(`written to ${file}`);
}

/** The main benchmark: every gateway, scenario by scenario, against the bare proxy. */
async function compareGateways(config: BenchConfig): Promise<string> {
  const results: Results = new Map(gateways.map((g) => [g.key, { name: g.name, runs: {} }]));
  const helperCpu: string[] = [];
  // The report says how much CPU anything but this benchmark's own processes used meanwhile.
  const othersCpu = othersCpuShare(() => [
    process.pid,
    upstream!.pid,
    ...gateways.flatMap((g) => [g.pid, ...(g.helperPids ?? [])]),
  ]);
  const roundS = config.durationS / config.rounds;
  for (const scenario of SCENARIOS.filter((s) => config.stream || !s.stream)) {
    const load = { connections: scenario.connections, stream: scenario.stream };
    if (config.warmupS > 0) {
      for (const gateway of gateways) await runLoad(gateway, { ...load, seconds: config.warmupS });
    }
    // Gateways take turns, round after round, so that noise from elsewhere on the machine
    // falls on all of them alike; each cell is the median of its rounds.
    const rounds = new Map<Gateway['key'], LoadResult[]>(gateways.map((g) => [g.key, []]));
    for (let round = 0; round < config.rounds; round++) {
      for (const gateway of gateways) {
        rounds.get(gateway.key)!.push(await runLoad(gateway, { ...load, seconds: roundS }));
        assertAlive(gateway);
      }
    }
    for (const gateway of gateways) {
      const result = combineRounds(rounds.get(gateway.key)!);
      results.get(gateway.key)!.runs[scenario.id] = result;
      const failed = Object.values(result.non2xx).reduce((a, b) => a + b, 0) + result.errors;
      log(
        `${gateway.key} ${scenario.label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, ` +
          `p99 ${result.p99.toFixed(2)} ms, max RSS ${(result.maxRssBytes / 1e6).toFixed(0)} MB, ${failed} failed ` +
          `(rounds: ${rounds
            .get(gateway.key)!
            .map((r) => r.rps.toFixed(0))
            .join(', ')} req/s)`,
      );
      if (result.helperCpuMsPerKRequests !== undefined) {
        helperCpu.push(`${scenario.label}: ${result.helperCpuMsPerKRequests.toFixed(0)} ms`);
      }
    }
  }
  const othersShare = othersCpu();

  const cpu = cpus();
  const header = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}.`,
    `Each cell: the median of ${config.rounds} interleaved rounds of ${roundS.toFixed(1)} s of ` +
      '`POST /v1/chat/completions` (a small chat body; non-streaming unless marked), ' +
      `after ${config.warmupS} s of warm-up, load from autocannon with keep-alive connections. The load generator, ` +
      'each gateway and the one fake OpenAI upstream are separate processes sharing these cores; ' +
      `Switchyard runs as the real platform (control plane + one data-plane node, default LOG_LEVEL=info). ` +
      'Latencies are of 2xx responses; RSS is the gateway process’s VmRSS, sampled every 200 ms, maximum over its runs.',
    `Other processes on the machine used ${(othersShare * 100).toFixed(0)}% of its CPU during the measurements ` +
      '(0% on an otherwise idle machine).',
  ];
  let report = renderReport(results, header);
  if (helperCpu.length) {
    report += `\nSwitchyard's control plane (usage ingestion) CPU per 1k requests, not counted above: ${helperCpu.join(', ')}.\n`;
  }
  return report;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

main()
  .then(cleanup)
  .catch(async (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup();
    process.exitCode = 1;
  });
