import type { Gateway } from './gateway';
import { combineRounds, runLoad, type LoadResult } from './load';

/** One route of the routing benchmark; `fast` (a `single` route) is the baseline. */
interface RoutingCase {
  alias: string;
  label: string;
}

export const ROUTING_CASES: RoutingCase[] = [
  { alias: 'fast', label: 'single, 1 target (baseline)' },
  { alias: 'weighted5', label: 'weighted, 5 targets' },
  { alias: 'fallback5', label: 'fallback, 5 targets, the first 4 with open breakers' },
  { alias: 'semantic50', label: 'semantic, 50 examples in 5 intents, local embedder' },
];

const TOPICS = ['billing', 'code', 'travel', 'weather', 'greeting'];
const PHRASES = [
  'how do I get help with',
  'I have a question about',
  'please tell me more on',
  'something is wrong with my',
  'can you explain the',
  'what is the best way to handle',
  'I need assistance regarding',
  'quick question on',
  'give me details about',
  'I am confused by the',
];

/**
 * The routes (GraphQL `applyConfig` inputs) measured against `fast`, all on `provider`'s
 * `gpt-4o-mini`. The fallback route's first four targets fail (`fail-503-…` on the fake
 * upstream) and their breakers open at the first failure for an hour, so under load every
 * request skips them: what is measured is the cost of skipping, not of failing.
 */
export function routingRoutes(provider: string): object[] {
  const mini = { provider, model: 'gpt-4o-mini' };
  return [
    {
      alias: 'weighted5',
      strategy: 'weighted',
      targets: [1, 2, 3, 4, 5].map((weight) => ({ ...mini, weight })),
    },
    {
      alias: 'fallback5',
      strategy: 'fallback',
      targets: [
        ...[1, 2, 3, 4].map((n) => ({
          provider,
          model: `fail-503-bench${n}`,
          breaker: { failures: 1, windowMs: 60_000, cooldownMs: 3_600_000 },
        })),
        mini,
      ],
    },
    {
      alias: 'semantic50',
      strategy: 'semantic',
      targets: TOPICS.map(() => mini),
      semantic: {
        threshold: 0.4,
        intents: TOPICS.map((topic, target) => ({
          name: topic,
          examples: PHRASES.map((phrase) => `${phrase} ${topic}`),
          target,
        })),
        defaultTarget: 0,
        onEmbedError: 'default',
      },
    },
  ];
}

export interface RoutingConfig {
  durationS: number;
  rounds: number;
  warmupS: number;
}

/**
 * Drives each routing case through one Switchyard node at c=1 and c=32, the cases taking
 * turns round after round (like the main benchmark), and reports each against the `single`
 * route measured in the same run: ratios, never absolute thresholds.
 */
export async function runRoutingBench(
  gateway: Gateway,
  config: RoutingConfig,
  log: (message: string) => void,
): Promise<string> {
  const loads = [
    { id: 'c1', connections: 1 },
    { id: 'c32', connections: 32 },
  ] as const;
  const results = new Map<string, Partial<Record<'c1' | 'c32', LoadResult>>>();
  const roundS = config.durationS / config.rounds;
  for (const load of loads) {
    const rounds = new Map<string, LoadResult[]>(ROUTING_CASES.map((c) => [c.alias, []]));
    const on = (c: RoutingCase): Gateway => ({ ...gateway, model: c.alias });
    // At least a second of warm-up: it also opens the fallback route's breakers.
    for (const c of ROUTING_CASES) {
      await runLoad(on(c), {
        connections: load.connections,
        stream: false,
        seconds: Math.max(1, config.warmupS),
      });
    }
    for (let round = 0; round < config.rounds; round++) {
      for (const c of ROUTING_CASES) {
        rounds
          .get(c.alias)!
          .push(await runLoad(on(c), { connections: load.connections, stream: false, seconds: roundS }));
      }
    }
    for (const c of ROUTING_CASES) {
      const result = combineRounds(rounds.get(c.alias)!);
      results.set(c.alias, { ...results.get(c.alias), [load.id]: result });
      const failed = Object.values(result.non2xx).reduce((a, b) => a + b, 0) + result.errors;
      log(
        `routing ${c.alias} c=${load.connections}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, ` +
          `CPU ${result.cpuMsPerKRequests.toFixed(0)} ms/1k, ${failed} failed`,
      );
    }
  }
  return renderRouting(results, roundS, config.rounds);
}

function renderRouting(
  results: Map<string, Partial<Record<'c1' | 'c32', LoadResult>>>,
  roundS: number,
  rounds: number,
): string {
  const base = results.get('fast')!;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || !Number.isFinite(a / b) ? '–' : `${(a / b).toFixed(2)}×`;
  const failures = (r: Partial<Record<'c1' | 'c32', LoadResult>>) => {
    const n = Object.values(r).reduce(
      (sum, run) => sum + run.errors + Object.values(run.non2xx).reduce((a, b) => a + b, 0),
      0,
    );
    return n === 0 ? 'none' : String(n);
  };
  const lines = [
    '## Routing decisions',
    '',
    `The cost of routing, as ratios against a \`single\` route measured in the same run on the same Switchyard node ` +
      `(median of ${rounds} interleaved rounds of ${roundS.toFixed(1)} s per cell, non-streaming, every route ending on ` +
      'the same fake upstream model). Below 1× on req/s (above 1× on p50 and CPU) is what the strategy costs.',
    '',
    '| route | req/s c=1 | req/s c=32 | p50 c=1 | CPU / request c=32 | failed |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const c of ROUTING_CASES) {
    const r = results.get(c.alias)!;
    lines.push(
      `| ${c.label} | ${ratio(r.c1?.rps, base.c1?.rps)} | ${ratio(r.c32?.rps, base.c32?.rps)} | ` +
        `${ratio(r.c1?.p50, base.c1?.p50)} | ${ratio(r.c32?.cpuMsPerKRequests, base.c32?.cpuMsPerKRequests)} | ${failures(r)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
