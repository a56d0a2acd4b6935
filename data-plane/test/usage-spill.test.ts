import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../src';
import { startFakeOpenAI, type FakeOpenAI } from '../src/testing';
import { TestTelemetryServer } from './support/control-plane';
import { gatewayEnv, tempStateDir } from './support/gateway-env';
import { testBucket, type TestBucket } from './support/nats-bucket';
import { waitFor } from './support/poll';
import { KEYS, makeSnapshot, testContent, UPSTREAM_API_KEY } from './support/snapshots';

let upstream: FakeOpenAI;
let bucket: TestBucket;
let telemetry: TestTelemetryServer;
const gateways: Gateway[] = [];

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  bucket = await testBucket();
  await bucket.put(makeSnapshot(testContent(upstream.baseUrl), 1));
});

beforeEach(async () => {
  // Learn a free port for the "control plane", then take it down.
  telemetry = await new TestTelemetryServer().start();
  await telemetry.stop();
});

afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close();
  await telemetry.stop();
});

afterAll(async () => {
  await bucket.close();
  await upstream.close();
});

async function gatewayWith(stateDir: string): Promise<Gateway> {
  const gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_STATE_DIR: stateDir,
      SWITCHYARD_USAGE_MEMORY_LIMIT: '4',
      SWITCHYARD_USAGE_FLUSH_MS: '50',
    }),
  );
  gateways.push(gateway);
  await waitFor('readiness', async () => (await fetch(`${gateway.url}/readyz`)).ok);
  return gateway;
}

/** Sends `count` requests; returns the request ids the gateway gave them. */
async function send(gateway: Gateway, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.all}` },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: `request ${i}` }] }),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    ids.push(res.headers.get('x-request-id')!);
  }
  return ids;
}

function spilledOnDisk(stateDir: string): string[] {
  const dir = join(stateDir, 'usage');
  return readdirSync(dir).flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { requestId: string }).requestId),
  );
}

function receivedOnce(ids: string[]): boolean {
  const counts = new Map<string, number>();
  for (const r of telemetry.records) counts.set(r.requestId, (counts.get(r.requestId) ?? 0) + 1);
  return ids.every((id) => counts.get(id) === 1);
}

describe('usage while the control plane is down', () => {
  it('writes what is queued to disk and replays everything exactly once when it is back', async () => {
    const stateDir = tempStateDir();
    const gateway = await gatewayWith(stateDir);
    const ids = await send(gateway, 23);
    // During an outage all of memory goes to disk, not only what is past the memory limit.
    await waitFor('every record to be on disk', () => {
      const { usageQueueDepth, usageSpilled } = gateway.status();
      return usageQueueDepth === 0 && usageSpilled === ids.length;
    });
    expect(spilledOnDisk(stateDir).sort()).toEqual([...ids].sort());

    await telemetry.start();
    await waitFor('every record to arrive', () => receivedOnce(ids), 10_000);
    await waitFor('the disk to be empty', () => spilledOnDisk(stateDir).length === 0);
    expect(telemetry.records.map((r) => r.requestId).sort()).toEqual([...ids].sort());
  });

  it('keeps spilled records across a restart and replays them once', async () => {
    const stateDir = tempStateDir();
    const first = await gatewayWith(stateDir);
    const ids = await send(first, 9);
    await first.close();
    gateways.splice(gateways.indexOf(first), 1);
    expect(spilledOnDisk(stateDir).sort()).toEqual([...ids].sort());

    await telemetry.start();
    const second = await gatewayWith(stateDir);
    await waitFor('every record to arrive', () => receivedOnce(ids), 10_000);
    // The file is gone once unlink returns on libuv's pool, a moment before the node's count
    // drops on the main thread: wait for both rather than read the count right after the disk.
    await waitFor(
      'the disk and the count to be empty',
      () => spilledOnDisk(stateDir).length === 0 && second.status().usageSpilled === 0,
    );
    expect(telemetry.records.map((r) => r.requestId).sort()).toEqual([...ids].sort());
  });
});
