import type { Gateway } from './gateway';

/** What one `pnpm bench` run does, from environment variables (a bad value names its variable). */
export interface BenchConfig {
  /** Measured seconds per gateway and scenario, split over `rounds`. */
  durationS: number;
  /** Interleaved rounds per scenario; each cell is the median over them. */
  rounds: number;
  /** Unmeasured seconds of the same load before each measurement (JIT, pools, caches). */
  warmupS: number;
  /** Also measure streaming (`stream: true`) at c=32. */
  stream: boolean;
  gateways: Gateway['key'][];
  /** The routing benchmark: after the gateways (`on`), not at all (`off`), or alone (`only`). */
  routing: 'on' | 'off' | 'only';
  /** The semantic cache lookup benchmark (in-process, no gateway): after the rest, not at all, or alone. */
  cache: 'on' | 'off' | 'only';
  /** The soak (2 nodes, mixed load, RSS over time): after the rest, not at all, or alone. */
  soak: 'on' | 'off' | 'only';
  /** Seconds of soak load. */
  soakS: number;
  postgresUrl: string;
  natsUrl: string;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Every gateway the benchmark knows, in the order they are started and shown. */
const GATEWAYS = ['bare', 'minimal', 'switchyard', 'portkey'] as const satisfies readonly Gateway['key'][];

export function loadConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const gateways = (env.BENCH_GATEWAYS || GATEWAYS.join(',')).split(',').map((g) => g.trim());
  for (const gateway of gateways) {
    if (!(GATEWAYS as readonly string[]).includes(gateway)) {
      throw new Error(`BENCH_GATEWAYS lists "${gateway}"; known: ${GATEWAYS.join(', ')}`);
    }
  }
  const routingFlag = env.BENCH_ROUTING ?? '1';
  if (!['0', '1', 'only'].includes(routingFlag)) {
    throw new Error(`BENCH_ROUTING must be 0, 1 or only, got "${routingFlag}"`);
  }
  const routing = routingFlag === 'only' ? 'only' : routingFlag === '1' ? 'on' : 'off';
  // Every ratio is against the bare proxy measured in the same run (the routing benchmark's
  // are against a route of Switchyard's own, so it needs nothing else).
  if (routing === 'only') gateways.splice(0, gateways.length, 'switchyard');
  else if (!gateways.includes('bare')) gateways.unshift('bare');
  const cacheFlag = env.BENCH_CACHE ?? '1';
  if (!['0', '1', 'only'].includes(cacheFlag)) {
    throw new Error(`BENCH_CACHE must be 0, 1 or only, got "${cacheFlag}"`);
  }
  const soakFlag = env.BENCH_SOAK ?? '1';
  if (!['0', '1', 'only'].includes(soakFlag)) {
    throw new Error(`BENCH_SOAK must be 0, 1 or only, got "${soakFlag}"`);
  }
  const stream = env.BENCH_STREAM ?? '1';
  if (stream !== '0' && stream !== '1') throw new Error(`BENCH_STREAM must be 0 or 1, got "${stream}"`);
  return {
    durationS: number(env, 'BENCH_DURATION_S', 15, 1, 600),
    warmupS: number(env, 'BENCH_WARMUP_S', 2, 0, 60),
    rounds: number(env, 'BENCH_ROUNDS', 5, 1, 20),
    stream: stream === '1',
    gateways: gateways as BenchConfig['gateways'],
    routing,
    cache: cacheFlag === 'only' ? 'only' : cacheFlag === '1' ? 'on' : 'off',
    soak: soakFlag === 'only' ? 'only' : soakFlag === '1' ? 'on' : 'off',
    soakS: number(env, 'BENCH_SOAK_S', 600, 10, 86_400),
    postgresUrl:
      env.BENCH_POSTGRES_URL || env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.BENCH_NATS_URL || env.TEST_NATS_URL || 'nats://127.0.0.1:4222',
  };
}
