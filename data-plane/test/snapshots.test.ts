import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { hashKeySecret, type SnapshotContent } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { startFakeOpenAI, type FakeOpenAI } from '../src/testing';
import { gatewayEnv, tempStateDir } from './support/gateway-env';
import { randomBucketName, testBucket, type TestBucket } from './support/nats-bucket';
import { errorOf, waitFor } from './support/poll';
import { KEYS, makeSnapshot, testContent, UPSTREAM_API_KEY } from './support/snapshots';

let upstream: FakeOpenAI;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await upstream.close();
});

async function bucketWith(content: SnapshotContent | null, version = 1): Promise<TestBucket> {
  const bucket = await testBucket();
  open.push(bucket);
  if (content) await bucket.put(makeSnapshot(content, version));
  return bucket;
}

async function gatewayOn(env: Record<string, string>): Promise<Gateway> {
  const gateway = await startGateway(gatewayEnv(env));
  open.push(gateway);
  return gateway;
}

function chat(gateway: Gateway, key: string, model = 'fast'): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('snapshots from NATS', () => {
  it('applies a new snapshot revoking a key within a second', async () => {
    const content = testContent(upstream.baseUrl);
    const bucket = await bucketWith(content);
    const gateway = await gatewayOn({ SWITCHYARD_SNAPSHOT_BUCKET: bucket.name });
    await waitFor('the key to work', async () => (await chat(gateway, KEYS.fastOnly)).status === 200);

    const revoked = { ...content, keys: content.keys.filter((k) => k.id !== 'k-fast') };
    const started = Date.now();
    await bucket.put(makeSnapshot(revoked, 2));
    await waitFor(
      'the key to be refused',
      async () => (await chat(gateway, KEYS.fastOnly)).status === 401,
      1000,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await chat(gateway, KEYS.all)).status).toBe(200);
    expect(gateway.status()).toMatchObject({ snapshotVersion: 2, lastSnapshotError: '' });
  });

  it('rejects a snapshot with a bad hash, a dangling reference or an old version, and keeps serving', async () => {
    const content = testContent(upstream.baseUrl);
    const bucket = await bucketWith(content, 5);
    const gateway = await gatewayOn({ SWITCHYARD_SNAPSHOT_BUCKET: bucket.name });
    await waitFor('version 5', () => gateway.status().snapshotVersion === 5);

    const noKeys = { ...content, keys: [] };
    const badHash = { ...makeSnapshot(noKeys, 6), hash: 'f'.repeat(64) };
    await bucket.put(badHash);
    await waitFor('the bad hash to be reported', () =>
      /does not match content/.test(gateway.status().lastSnapshotError),
    );

    const dangling = structuredClone(noKeys);
    dangling.routes[0].targets[0].providerId = 'p-missing';
    await bucket.put(makeSnapshot(dangling, 7));
    await waitFor('the dangling reference to be reported', () =>
      gateway.status().lastSnapshotError.includes('route r-fast target 0 targets unknown provider p-missing'),
    );

    await bucket.put(makeSnapshot(noKeys, 4));
    await waitFor('the old version to be reported', () =>
      gateway.status().lastSnapshotError.includes('version 4 is not newer than the running version 5'),
    );

    await bucket.put('{"not": "a snapshot"');
    await waitFor('the broken JSON to be reported', () =>
      gateway.status().lastSnapshotError.includes('not valid JSON'),
    );

    expect(gateway.status().snapshotVersion).toBe(5);
    expect((await chat(gateway, KEYS.all)).status).toBe(200);
  });

  it('rejects a whole snapshot whose credentials cannot be decrypted', async () => {
    const content = testContent(upstream.baseUrl);
    const bucket = await bucketWith(content, 1);
    const gateway = await gatewayOn({ SWITCHYARD_SNAPSHOT_BUCKET: bucket.name });
    await waitFor('version 1', () => gateway.status().snapshotVersion === 1);

    const tampered = structuredClone(content);
    tampered.providers[0].credentials = tampered.providers[0].credentials!.replace(/.$/, (c) =>
      c === 'A' ? 'B' : 'A',
    );
    tampered.keys.push({
      id: 'k-new',
      workspaceId: 'w1',
      name: 'new',
      hash: hashKeySecret('sy-new-key-000'),
      expiresAt: null,
      allowedRouteIds: null,
    });
    await bucket.put(makeSnapshot(tampered, 2));
    await waitFor('the rejection', () => gateway.status().lastSnapshotError.includes('cannot be decrypted'));
    expect(gateway.status().snapshotVersion).toBe(1);
    expect((await chat(gateway, 'sy-new-key-000')).status).toBe(401);
  });

  it('waits for a bucket that does not exist yet, and is not ready until then', async () => {
    const name = randomBucketName();
    const gateway = await gatewayOn({ SWITCHYARD_SNAPSHOT_BUCKET: name });
    const notReady = await fetch(`${gateway.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect((await errorOf(notReady)).code).toBe('not_ready');
    expect((await chat(gateway, KEYS.all)).status).toBe(503);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);

    const bucket = await testBucket(name);
    open.unshift(bucket); // closed after the gateway
    await bucket.put(makeSnapshot(testContent(upstream.baseUrl), 1));
    await waitFor('readiness', async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 8000);
    expect((await chat(gateway, KEYS.all)).status).toBe(200);
  });
});

describe('the local snapshot copy', () => {
  it('is written after apply and lets a node boot and serve with NATS unreachable', async () => {
    const stateDir = tempStateDir();
    const bucket = await bucketWith(testContent(upstream.baseUrl), 3);
    const first = await gatewayOn({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_STATE_DIR: stateDir,
    });
    const file = join(stateDir, 'snapshot.json');
    await waitFor(
      'the disk copy',
      () => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).version === 3,
    );
    await first.close();

    const offline = await gatewayOn({
      SWITCHYARD_STATE_DIR: stateDir,
      NATS_URL: `nats://127.0.0.1:${await closedPort()}`,
    });
    expect((await fetch(`${offline.url}/readyz`)).status).toBe(200);
    expect(offline.status().snapshotVersion).toBe(3);
    const res = await chat(offline, KEYS.all);
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content,
    ).toBe('Echo: hi');
  });
});
