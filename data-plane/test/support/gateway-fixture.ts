import OpenAI from 'openai';
import { startGateway, type Gateway } from '../../src';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/testing';
import { TestTelemetryServer } from './control-plane';
import { gatewayEnv } from './gateway-env';
import { testBucket, type TestBucket } from './nats-bucket';
import { waitFor } from './poll';
import { KEYS, makeSnapshot, testContent, UPSTREAM_API_KEY } from './snapshots';

/** A gateway serving `testContent` from its own NATS bucket, with a fake upstream and control plane. */
export interface GatewayFixture {
  upstream: FakeOpenAI;
  telemetry: TestTelemetryServer;
  bucket: TestBucket;
  gateway: Gateway;
  /** The official OpenAI client pointed at the gateway with a virtual key (no retries). */
  client(key?: string): OpenAI;
  /** A raw `POST /v1/chat/completions` with the all-routes key. */
  post(body: string | object, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startGatewayFixture(env: Record<string, string> = {}): Promise<GatewayFixture> {
  const upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  const telemetry = await new TestTelemetryServer().start();
  const bucket = await testBucket();
  await bucket.put(makeSnapshot(testContent(upstream.baseUrl), 1));
  const gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_UPSTREAM_TIMEOUT_MS: '1000',
      SWITCHYARD_MAX_BODY_BYTES: '65536',
      ...env,
    }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);
  return {
    upstream,
    telemetry,
    bucket,
    gateway,
    client: (key = KEYS.all) =>
      new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 10_000 }),
    post: (body, headers = {}) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.all}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await gateway.close();
      await upstream.close();
      await telemetry.stop();
      await bucket.close();
    },
  };
}

export const hello = [{ role: 'user' as const, content: 'hello there' }];
