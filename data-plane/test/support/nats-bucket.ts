import { randomBytes } from 'node:crypto';
import { connect, type KV, type NatsConnection } from 'nats';
import { SNAPSHOT_KV_KEY, type Snapshot } from '@switchyard/proto';

export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A JetStream KV bucket of its own for one test, deleted by `close()`. */
export interface TestBucket {
  name: string;
  put(snapshot: Snapshot | string): Promise<void>;
  close(): Promise<void>;
}

export function randomBucketName(): string {
  return `sy-test-${randomBytes(6).toString('hex')}`;
}

/** Creates the bucket now (or later, with `create: false`, to test a gateway waiting for it). */
export async function testBucket(name = randomBucketName()): Promise<TestBucket> {
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  let kv: KV | null = null;
  const open = async () => (kv ??= await nc.jetstream().views.kv(name, { history: 1 }));
  return {
    name,
    async put(snapshot) {
      const text = typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot);
      await (await open()).put(SNAPSHOT_KV_KEY, new TextEncoder().encode(text));
    },
    async close() {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(`KV_${name}`).catch(() => undefined);
      await nc.close();
    },
  };
}
