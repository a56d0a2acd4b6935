import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import OpenAI from 'openai';
import { SNAPSHOT_KV_KEY, snapshotPartVersion } from '@switchyard/proto';
import type { EmbeddedServer, GatewayNode } from '../src';
import { metricsOf, gauge } from './metrics';
import { startNatsServer } from './private-servers';
import { eventually, freePort, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

// A NATS server that takes messages of at most 16 kB (its default is 1 MB), so a snapshot of a
// thousand keys cannot travel in one message: it goes compressed, in parts, and nodes serve it.
const MAX_PAYLOAD = 16 * 1024;
const KEYS = 1000;
const secretOf = (i: number) => `sy-test-bulk-${String(i).padStart(4, '0')}-0123456789abcdef`;

describe('a snapshot larger than a NATS message', () => {
  let home: string;
  let nats: EmbeddedServer | undefined;
  let stack: Stack;
  let node: GatewayNode;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-large-snapshot-'));
    nats = await startNatsServer(home, await freePort(), `max_payload: ${MAX_PAYLOAD}\n`);
    stack = await startStack({ natsUrl: nats.url });
    node = await stack.platform.startDataPlane('node-large');
    await stack.platform.waitUntilReady(node);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await nats?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const applyKeys = (count: number, model = 'gpt-4o-mini') =>
    stack.applyDemo({
      routes: [{ alias: 'fast', targets: [{ provider: 'local-openai', model }] }],
      keys: Array.from({ length: count }, (_, i) => ({ name: `bulk-${i}`, secret: secretOf(i) })),
    });

  /** The bucket's live keys with their current values' sizes. */
  async function bucketKeys(): Promise<Map<string, number>> {
    const nc = await connect({ servers: nats!.url });
    try {
      const kv = await nc.jetstream().views.kv(stack.bucket, { bindOnly: true });
      const sizes = new Map<string, number>();
      // The key lister is a consumer that must be drained before other requests go out.
      const names: string[] = [];
      for await (const key of await kv.keys()) names.push(key);
      for (const key of names) {
        const entry = await kv.get(key);
        if (entry && entry.operation === 'PUT') sizes.set(key, entry.value.length);
      }
      return sizes;
    } finally {
      await nc.close();
    }
  }

  it('publishes it in parts within the server limit, and nodes apply and serve it', async () => {
    const { applyConfig } = await applyKeys(KEYS);
    const keys = await bucketKeys();
    const parts = [...keys.keys()].filter((k) => snapshotPartVersion(k) === applyConfig.snapshotVersion);
    expect(parts.length).toBeGreaterThan(1);
    for (const size of keys.values()) expect(size).toBeLessThanOrEqual(MAX_PAYLOAD);

    await eventually(
      async () =>
        gauge(await metricsOf(node.url), 'switchyard_snapshot_version') === applyConfig.snapshotVersion,
      15_000,
      'the node to apply the large snapshot',
    );
    // The last key of the thousand is known to the node: it answers.
    const client = new OpenAI({ apiKey: secretOf(KEYS - 1), baseURL: `${node.url}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'hello from key 999' }],
    });
    expect(answer.choices[0].message.content).toContain('hello from key 999');
    expect(gauge(await metricsOf(node.url), 'switchyard_snapshot_rejections_total')).toBe(0);
  });

  it('keeps the parts of the current and previous version only', async () => {
    const versions: number[] = [];
    // Each apply changes the route, so each publishes a new version of the thousand keys.
    for (const model of ['gpt-4o', 'gpt-4.1-mini'])
      versions.push((await applyKeys(KEYS, model)).applyConfig.snapshotVersion);
    const partVersions = new Set(
      [...(await bucketKeys()).keys()].map(snapshotPartVersion).filter((v): v is number => v !== null),
    );
    expect([...partVersions].sort((a, b) => a - b)).toEqual(versions);
    expect((await bucketKeys()).has(SNAPSHOT_KV_KEY)).toBe(true);
    await eventually(
      async () => gauge(await metricsOf(node.url), 'switchyard_snapshot_version') === versions[1],
      15_000,
      'the node to apply the newest snapshot',
    );
  });
});
