import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '@switchyard/proto';
import { startControlPlane } from '../src';
import {
  createTestDatabase,
  eventually,
  freePort,
  randomSuffix,
  readKvSnapshot,
  sql,
  withNats,
} from './support/infra';
import { startNatsServer } from './support/nats-server';
import {
  ADMIN_TOKEN,
  MASTER_KEY,
  NODE_TOKEN,
  SNAPSHOT_KEY,
  startTestPlane,
  testPlaneEnv,
} from './support/plane';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-start-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function kv(bucket: string, servers?: string): Promise<Snapshot | undefined> {
  const raw = await readKvSnapshot(bucket, servers);
  return raw ? (JSON.parse(raw.toString()) as Snapshot) : undefined;
}

describe('environment', () => {
  const valid = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none',
    NATS_URL: 'nats://127.0.0.1:4222',
    SWITCHYARD_MASTER_KEY: MASTER_KEY,
    SWITCHYARD_SNAPSHOT_KEY: SNAPSHOT_KEY,
    SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHYARD_NODE_TOKEN: NODE_TOKEN,
  };

  it.each([
    [{ DATABASE_URL: undefined }, /^DATABASE_URL is required/],
    [{ SWITCHYARD_MASTER_KEY: 'abcd' }, /^SWITCHYARD_MASTER_KEY must be 32 bytes/],
    [{ SWITCHYARD_ADMIN_TOKEN: 'short' }, /^SWITCHYARD_ADMIN_TOKEN must be at least 16/],
    [{ SWITCHYARD_API_PORT: 'http' }, /^SWITCHYARD_API_PORT must be a port/],
    [{ SWITCHYARD_GRPC_ADDR: 'nowhere' }, /^SWITCHYARD_GRPC_ADDR must look like host:port/],
    [{ SWITCHYARD_CONFIG: '/does/not/exist.yaml' }, /^SWITCHYARD_CONFIG names a file that does not exist/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
  ])('refuses to start on a bad variable, naming it (%o)', async (override, message) => {
    await expect(startControlPlane({ ...valid, ...override })).rejects.toThrow(message);
  });
});

it('applies SWITCHYARD_CONFIG at start, serves /healthz and the console, and answers 503 when Postgres is gone', async () => {
  const consoleDir = join(dir, 'console');
  const configFile = join(dir, 'start.yaml');
  mkdirSync(consoleDir);
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(consoleDir, 'app.js'), 'console.log("app")');
  writeFileSync(
    configFile,
    `workspaces:\n  - slug: boot\n    name: Boot\n    providers:\n      - {name: p, kind: openai-compatible, baseUrl: "http://127.0.0.1:9/v1", apiKey: "\${BOOT_KEY}"}\n`,
  );
  const t = await startTestPlane({
    SWITCHYARD_CONFIG: configFile,
    SWITCHYARD_CONSOLE_DIR: consoleDir,
    BOOT_KEY: 'sk-boot',
  });
  const base = t.plane.graphqlUrl.replace(/\/graphql$/, '');
  try {
    const workspaces = await t.ok<{ workspaces: Array<{ slug: string }> }>('{ workspaces { slug } }');
    expect(workspaces.workspaces).toEqual([{ slug: 'boot' }]);
    const snapshot = await eventually(() => kv(t.bucket), 5000, 'snapshot');
    expect(snapshot.content.workspaces.map((w) => w.slug)).toEqual(['boot']);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    expect(await (await fetch(`${base}/`)).text()).toContain('<title>console</title>');
    expect(await (await fetch(`${base}/app.js`)).text()).toContain('console.log');
    const deepLink = await fetch(`${base}/workspaces/123/show`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<title>console</title>');
    const missingAsset = await fetch(`${base}/missing.js`);
    expect(missingAsset.status).toBe(404);

    const preflight = await fetch(t.plane.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://elsewhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');

    await sql(
      t.env.DATABASE_URL!.replace(/\/[^/]+$/, '/postgres'),
      `DROP DATABASE ${new URL(t.databaseUrl).pathname.slice(1)} WITH (FORCE)`,
    );
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable' });
  } finally {
    await t.close();
  }
});

it('refuses to start when SWITCHYARD_CONFIG uses an unset variable, naming it', async () => {
  const configFile = join(dir, 'bad.yaml');
  writeFileSync(configFile, 'workspaces:\n  - slug: x\n    name: "${NOT_SET_ANYWHERE}"\n');
  await expect(startTestPlane({ SWITCHYARD_CONFIG: configFile })).rejects.toThrow(
    `${configFile}: workspaces[0].name: environment variable NOT_SET_ANYWHERE is not set`,
  );
});

it('keeps mutations working while NATS is down and publishes once it is back', async () => {
  const port = await freePort();
  const natsUrl = `nats://127.0.0.1:${port}`;
  const t = await startTestPlane({ NATS_URL: natsUrl });
  let nats: Awaited<ReturnType<typeof startNatsServer>> | undefined;
  try {
    const started = Date.now();
    await t.ok('mutation { createWorkspace(input: {slug: "offline", name: "Offline"}) { id } }');
    expect(Date.now() - started).toBeLessThan(3000);
    const latest = await t.ok<{ latestSnapshot: { version: number; hash: string } }>(
      '{ latestSnapshot { version hash } }',
    );

    nats = await startNatsServer(port);
    const published = await eventually(
      () => kv(t.bucket, natsUrl),
      15_000,
      'the snapshot after NATS came back',
    );
    expect(published).toMatchObject({
      version: latest.latestSnapshot.version,
      hash: latest.latestSnapshot.hash,
    });
  } finally {
    await t.close().catch(() => undefined);
    await nats?.stop();
  }
});

it('moves past a KV version it did not make instead of going backwards', async () => {
  const bucket = `sy-cp-${randomSuffix()}`;
  await withNats(async (nc) => {
    const store = await nc.jetstream().views.kv(bucket, { history: 5 });
    await store.put('snapshot', Buffer.from(JSON.stringify({ version: 50, hash: 'f'.repeat(64) })));
  });
  const t = await startTestPlane({ SWITCHYARD_SNAPSHOT_BUCKET: bucket });
  try {
    const latest = await t.ok<{ latestSnapshot: { version: number; hash: string } }>(
      '{ latestSnapshot { version hash } }',
    );
    expect(latest.latestSnapshot.version).toBeGreaterThan(50);
    expect(await kv(bucket)).toMatchObject({
      version: latest.latestSnapshot.version,
      hash: latest.latestSnapshot.hash,
    });
  } finally {
    await t.close();
  }
});

it('starts with an empty snapshot on a fresh database', async () => {
  const db = await createTestDatabase();
  const bucket = `sy-cp-${randomSuffix()}`;
  const plane = await startControlPlane(testPlaneEnv(db.url, bucket));
  try {
    expect(plane.graphqlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(plane.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await kv(bucket)).toMatchObject({
      version: 1,
      content: { workspaces: [], providers: [], routes: [], keys: [] },
    });
  } finally {
    await plane.close();
    await plane.close(); // twice is harmless
    await db.drop();
    await withNats(async (nc) => (await nc.jetstreamManager()).streams.delete(`KV_${bucket}`));
  }
});
