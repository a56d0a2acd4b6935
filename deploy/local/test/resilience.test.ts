import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_KV_KEY,
  snapshotHash,
  type Snapshot,
} from '@switchyard/proto';
import type { GatewayNode } from '../src';
import { startLoad } from './load';
import { gauge, metricsOf } from './metrics';
import {
  APPLY,
  eventually,
  expectUsageExactlyOnce,
  KEY_SECRET,
  NATS_URL,
  startStack,
  UPSTREAM_KEY,
} from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

// Faults under steady load, on one platform (shared Postgres and NATS, a database and bucket of
// its own). Every request of this file goes through the load helper, so the stored usage must
// equal the ids the load saw answered, once each.
describe('faults under load', () => {
  let stack: Stack;
  let node: GatewayNode;
  const answered: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    node = await stack.platform.startDataPlane('node-steady');
    await stack.platform.waitUntilReady(node);
  });
  afterAll(() => stack?.close());

  const loadOn = (target: GatewayNode) =>
    startLoad({ baseURL: `${target.url}/v1`, apiKey: KEY_SECRET, workers: 4 });

  it('control plane killed (SIGKILL) and restarted under load: no request fails, usage arrives exactly once', async () => {
    const load = loadOn(node);
    try {
      await load.advance(20);
      await stack.platform.stopControlPlane('SIGKILL');
      await load.advance(40);
      await stack.platform.startControlPlane();
      await load.advance(20);
    } finally {
      await load.stop();
      answered.push(...load.answered);
    }
    expect(load.failures).toEqual([]);
    await expectUsageExactlyOnce(stack.databaseUrl, answered);
  });

  it('a node killed (SIGKILL) with usage queued replays the spilled records after its restart, exactly once', async () => {
    const nodeId = 'node-crashing';
    const crashing = await stack.platform.startDataPlane(nodeId);
    await stack.platform.waitUntilReady(crashing);
    await stack.platform.stopControlPlane('SIGKILL');

    const load = loadOn(crashing);
    try {
      await load.advance(30);
    } finally {
      await load.stop();
      answered.push(...load.answered);
    }
    expect(load.failures).toEqual([]);
    // Far below SWITCHYARD_USAGE_MEMORY_LIMIT, the records still reach the disk during the outage.
    await eventually(
      async () => {
        const metrics = await metricsOf(crashing.url);
        return (
          gauge(metrics, 'switchyard_usage_queue_depth') === 0 &&
          gauge(metrics, 'switchyard_usage_spilled') === load.answered.length
        );
      },
      15_000,
      'every queued usage record to be on disk',
    );
    await stack.platform.stopDataPlane(crashing, 'SIGKILL');
    expect(crashing.process.child.signalCode).toBe('SIGKILL');

    const restarted = await stack.platform.startDataPlane(nodeId);
    const found = await metricsOf(restarted.url);
    expect(gauge(found, 'switchyard_usage_spilled')).toBe(load.answered.length);
    await stack.platform.startControlPlane();
    await expectUsageExactlyOnce(stack.databaseUrl, answered);
    await eventually(
      async () => gauge(await metricsOf(restarted.url), 'switchyard_usage_spilled') === 0,
      10_000,
      'the disk to be empty',
    );
    await stack.platform.stopDataPlane(restarted);
  });

  it('a corrupt or inconsistent snapshot is rejected under load: nodes keep the last good one and report it', async () => {
    const nc = await connect({ servers: NATS_URL });
    const kv = await nc.jetstream().views.kv(stack.bucket, { bindOnly: true });
    const entry = await kv.get(SNAPSHOT_KV_KEY);
    const good = JSON.parse(
      await decodeSnapshot(entry!.value, async (k) => (await kv.get(k))?.value ?? null),
    ) as Snapshot;
    const load = loadOn(node);
    try {
      await load.advance(10);
      const before = gauge(await metricsOf(node.url), 'switchyard_snapshot_rejections_total');

      // Corrupt: not even JSON.
      await kv.put(SNAPSHOT_KV_KEY, new TextEncoder().encode('{"schemaVersion":1,"version":9\u0000garbage'));
      await eventually(
        async () => gauge(await metricsOf(node.url), 'switchyard_snapshot_rejections_total') >= before + 1,
        10_000,
        'the corrupt snapshot to be rejected',
      );
      await load.advance(10);

      // Inconsistent: well-formed, newer, correctly hashed, but a route targets a provider that is not there.
      const content = structuredClone(good.content);
      content.routes.push({
        ...content.routes[0],
        id: '00000000-0000-4000-8000-000000000001',
        alias: 'dangling',
        targets: [{ providerId: '00000000-0000-4000-8000-000000000002', model: 'gpt-4o-mini' }],
      });
      const inconsistent: Snapshot = {
        ...good,
        version: good.version + 1,
        hash: snapshotHash(content),
        content,
      };
      await kv.put(SNAPSHOT_KV_KEY, new TextEncoder().encode(JSON.stringify(inconsistent)));
      await eventually(
        async () => gauge(await metricsOf(node.url), 'switchyard_snapshot_rejections_total') >= before + 2,
        10_000,
        'the inconsistent snapshot to be rejected',
      );
      const metrics = await metricsOf(node.url);
      expect(gauge(metrics, 'switchyard_snapshot_version')).toBe(good.version);
      // The control plane's node list shows the rejection (from the node's heartbeat).
      const listed = await eventually(
        async () => {
          const { dataPlaneNodes } = await stack.admin<{
            dataPlaneNodes: { nodeId: string; snapshotVersion: number; lastSnapshotError: string | null }[];
          }>('{ dataPlaneNodes { nodeId snapshotVersion lastSnapshotError } }');
          const me = dataPlaneNodes.find((n) => n.nodeId === node.nodeId);
          return me?.lastSnapshotError?.includes('unknown provider') ? me : undefined;
        },
        10_000,
        'the rejection in dataPlaneNodes',
      );
      expect(listed.snapshotVersion).toBe(good.version);
      await load.advance(10);

      // In parts, one of them gone (purged before the node could fetch it): rejected the same way.
      const large = await encodeSnapshot(
        // Random filler that does not compress, so it takes several parts (never read: one is missing).
        JSON.stringify({
          ...inconsistent,
          version: good.version + 2,
          filler: randomBytes(4096).toString('hex'),
        }),
        { version: good.version + 2, hash: inconsistent.hash },
        4096,
      );
      await kv.put(large.parts[0].key, large.parts[0].value);
      await kv.put(SNAPSHOT_KV_KEY, large.value);
      await eventually(
        async () => gauge(await metricsOf(node.url), 'switchyard_snapshot_rejections_total') >= before + 3,
        10_000,
        'the snapshot with a missing part to be rejected',
      );
      expect(gauge(await metricsOf(node.url), 'switchyard_snapshot_version')).toBe(good.version);
      await load.advance(10);

      // The next change made in the control plane supersedes the bad value and is applied.
      const { applyConfig } = await stack.admin<{ applyConfig: { snapshotVersion: number } }>(APPLY, {
        input: {
          workspaces: [
            {
              slug: 'demo',
              name: 'Demo',
              providers: [
                {
                  name: 'local-openai',
                  kind: 'openai',
                  baseUrl: stack.upstream.baseUrl,
                  apiKey: UPSTREAM_KEY,
                },
              ],
              routes: [
                { alias: 'fast', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] },
                { alias: 'fast-too', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] },
              ],
            },
          ],
        },
      });
      expect(applyConfig.snapshotVersion).toBeGreaterThan(good.version);
      await eventually(
        async () => {
          const { dataPlaneNodes } = await stack.admin<{
            dataPlaneNodes: { nodeId: string; snapshotVersion: number; lastSnapshotError: string | null }[];
          }>('{ dataPlaneNodes { nodeId snapshotVersion lastSnapshotError } }');
          const me = dataPlaneNodes.find((n) => n.nodeId === node.nodeId);
          return me && me.snapshotVersion > inconsistent.version && !me.lastSnapshotError;
        },
        15_000,
        'the node to apply the next good snapshot',
      );
      await load.advance(10);
    } finally {
      await load.stop();
      answered.push(...load.answered);
      await nc.close();
    }
    expect(load.failures).toEqual([]);
  });
});
