import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { SNAPSHOT_KV_KEY, decodeSnapshot, type Snapshot } from '@switchyard/proto';

/** Real services the tests use; override for other hosts. */
export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database `sy_cp_<random>`, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `sy_cp_${randomSuffix()}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL against a test database. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function withNats<T>(work: (nc: NatsConnection) => Promise<T>, servers = NATS_URL): Promise<T> {
  const nc = await connect({ servers, timeout: 2000 });
  try {
    return await work(nc);
  } finally {
    await nc.close();
  }
}

/** The snapshot the bucket holds, decoded (decompressed, parts joined) as nodes read it: JSON bytes. */
export async function readKvSnapshot(bucket: string, servers = NATS_URL): Promise<Buffer | null> {
  return withNats(async (nc) => {
    const jsm = await nc.jetstreamManager();
    const get = async (key: string) => {
      try {
        const message = await jsm.streams.getMessage(`KV_${bucket}`, {
          last_by_subj: `$KV.${bucket}.${key}`,
        });
        return message.data.length ? message.data : null; // a purged key leaves an empty marker
      } catch {
        return null;
      }
    };
    const value = await get(SNAPSHOT_KV_KEY);
    return value ? Buffer.from(await decodeSnapshot(value, get)) : null;
  }, servers);
}

/** The snapshot the bucket holds, parsed; fails when the bucket holds none. */
export async function publishedSnapshot(bucket: string, servers = NATS_URL): Promise<Snapshot> {
  const bytes = await readKvSnapshot(bucket, servers);
  if (!bytes) throw new Error(`no snapshot in bucket ${bucket}`);
  return JSON.parse(bytes.toString()) as Snapshot;
}

export async function deleteBucket(bucket: string, servers = NATS_URL): Promise<void> {
  await withNats(async (nc) => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
  }, servers);
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port nothing listens on (bound briefly, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
