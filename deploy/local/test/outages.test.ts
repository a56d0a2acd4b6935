import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedServer, GatewayNode } from '../src';
import { startLoad } from './load';
import { gauge, metricsOf } from './metrics';
import { startNatsServer, startPrivatePostgres } from './private-servers';
import { eventually, expectUsageExactlyOnce, freePorts, KEY_SECRET, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

// NATS and Postgres are stopped and started again here, so the platform runs on private ones
// (a nats-server with JetStream and an embedded Postgres, each on its own port and directory),
// never on the machine's shared servers.
describe('NATS and Postgres outages under load', () => {
  let home: string;
  let pgDir: string;
  let pgPort: number;
  let natsDir: string;
  let natsPort: number;
  let postgres: EmbeddedServer | undefined;
  let nats: EmbeddedServer | undefined;
  let stack: Stack;
  const nodes: GatewayNode[] = [];
  const answered: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-outages-'));
    chmodSync(home, 0o755); // as root, embedded Postgres runs as "postgres", which must reach its data dir
    pgDir = join(home, 'postgres');
    natsDir = join(home, 'nats');
    [pgPort, natsPort] = await freePorts(2);
    postgres = await startPrivatePostgres(pgDir, pgPort);
    nats = await startNatsServer(natsDir, natsPort);
    stack = await startStack({ databaseUrl: postgres.url, natsUrl: nats.url });
    for (const id of ['node-a', 'node-b']) nodes.push(await stack.platform.startDataPlane(id));
    await Promise.all(nodes.map((n) => stack.platform.waitUntilReady(n)));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await nats?.stop();
    await postgres?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Steady load spread over both nodes. */
  const loadOnNodes = () => {
    let next = 0;
    return startLoad({ baseURL: () => `${nodes[next++ % nodes.length].url}/v1`, apiKey: KEY_SECRET });
  };

  const applyRoutes = (aliases: string[]) =>
    stack.applyDemo({
      routes: aliases.map((alias) => ({
        alias,
        targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }],
      })),
    });

  it('NATS restarted: nodes keep serving, reconnect and converge on the latest snapshot', async () => {
    const load = loadOnNodes();
    let latest = 0;
    try {
      await load.advance(10);
      await nats!.stop();
      nats = undefined;
      // A change made while NATS is away is committed and waits to be published.
      latest = (await applyRoutes(['fast', 'while-nats-was-down'])).applyConfig.snapshotVersion;
      await load.advance(20);
      for (const node of nodes) {
        expect(gauge(await metricsOf(node.url), 'switchyard_snapshot_version')).toBeLessThan(latest);
      }
      nats = await startNatsServer(natsDir, natsPort);
      await eventually(
        async () => {
          for (const node of nodes) {
            if (gauge(await metricsOf(node.url), 'switchyard_snapshot_version') !== latest) return false;
          }
          return true;
        },
        30_000,
        `both nodes to run snapshot ${latest}`,
      );
      await load.advance(10);
    } finally {
      await load.stop();
      answered.push(...load.answered);
    }
    expect(load.failures).toEqual([]);
    for (const node of nodes) {
      const res = await fetch(`${node.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'while-nats-was-down', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(200);
      answered.push(res.headers.get('x-request-id')!);
    }
    await expectUsageExactlyOnce(stack.databaseUrl, answered);
  });

  it('Postgres stopped: the control plane is unhealthy, nodes keep serving, usage is held and ingested once it is back', async () => {
    const healthz = () => fetch(stack.platform.graphqlUrl.replace(/\/graphql$/, '/healthz'));
    expect((await healthz()).status).toBe(200);
    const load = loadOnNodes();
    try {
      await load.advance(10);
      await postgres!.stop();
      postgres = undefined;
      const unhealthy = await eventually(
        async () => {
          const res = await healthz();
          return res.status === 503 ? res : undefined;
        },
        15_000,
        'the control plane to report itself unhealthy',
      );
      expect(await unhealthy.json()).toEqual({ status: 'unavailable', error: 'database unreachable' });
      const during = load.answered.length;
      await load.advance(30);
      // The control plane refuses usage it cannot store; the nodes keep it (on disk during the outage).
      await eventually(
        async () => {
          let held = 0;
          for (const node of nodes) held += gauge(await metricsOf(node.url), 'switchyard_usage_spilled');
          return held >= load.answered.length - during;
        },
        15_000,
        'the nodes to hold the usage made while Postgres is down',
      );
      postgres = await startPrivatePostgres(pgDir, pgPort);
      await eventually(
        async () => (await healthz()).status === 200,
        30_000,
        'the control plane to be healthy',
      );
      await load.advance(10);
    } finally {
      await load.stop();
      answered.push(...load.answered);
    }
    expect(load.failures).toEqual([]);
    await expectUsageExactlyOnce(stack.databaseUrl, answered);
  });
});
