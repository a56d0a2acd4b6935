import { connect } from 'nats';
import { SNAPSHOT_KV_KEY } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { startFakeOpenAI, type FakeOpenAI } from '../src/testing';
import { startSecureNatsServer, type SecureNatsServer } from '../src/testing/nats-server';
import { gatewayEnv } from './support/gateway-env';
import { waitFor } from './support/poll';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { KEYS, makeSnapshot, testContent, UPSTREAM_API_KEY } from './support/snapshots';

let nats: SecureNatsServer;
let upstream: FakeOpenAI;
let gateways: Gateway[] = [];

async function metric(g: Gateway, name: string): Promise<number> {
  return sampleValue(parsePrometheusText(await (await fetch(`${g.url}/metrics`)).text()), name);
}

/** Sends requests with the key until one is refused; how many were admitted. */
async function admittedUntilRefused(g: Gateway): Promise<number> {
  for (let admitted = 0; admitted < 100; admitted++) {
    const res = await fetch(`${g.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.fastOnly}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.arrayBuffer();
    if (res.status === 429) return admitted;
    expect(res.status).toBe(200);
  }
  throw new Error('never refused');
}

beforeAll(async () => {
  // A NATS server of this test's own, so it can be stopped.
  nats = await startSecureNatsServer({});
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  const content = testContent(upstream.baseUrl);
  content.rateLimits = [
    {
      id: 'l-key',
      workspaceId: 'w1',
      keyId: 'k-fast',
      routeId: null,
      requestsPerWindow: 10,
      tokensPerWindow: null,
      windowSeconds: 60,
      concurrent: null,
    },
  ];
  const nc = await connect({ servers: nats.url });
  const kv = await nc.jetstream().views.kv('sy-isolated', { history: 1 });
  await kv.put(SNAPSHOT_KV_KEY, new TextEncoder().encode(JSON.stringify(makeSnapshot(content, 1))));
  await nc.close();
  for (const id of ['iso-a', 'iso-b']) {
    gateways.push(
      await startGateway(
        gatewayEnv({
          NATS_URL: nats.url,
          SWITCHYARD_SNAPSHOT_BUCKET: 'sy-isolated',
          SWITCHYARD_NODE_ID: id,
          SWITCHYARD_RATE_LIMIT_SUBJECT: 'sy-test.isolated',
        }),
      ),
    );
  }
  for (const g of gateways) {
    await waitFor(`${g.nodeId} ready`, async () => (await fetch(`${g.url}/readyz`)).ok, 15_000);
    await waitFor(
      `${g.nodeId} to see both nodes`,
      async () => (await metric(g, 'switchyard_rate_limit_nodes')) === 2,
      15_000,
    );
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  gateways = [];
  await upstream?.close();
  await nats?.stop();
});

it('without NATS, each node admits its part of the limit (limit / last known node count) and says so', async () => {
  expect(await metric(gateways[0], 'switchyard_rate_limit_isolated')).toBe(0);
  await nats.stop();
  for (const g of gateways)
    await waitFor(
      `${g.nodeId} isolated`,
      async () => (await metric(g, 'switchyard_rate_limit_isolated')) === 1,
      15_000,
    );
  expect(await metric(gateways[0], 'switchyard_rate_limit_nodes')).toBe(2);
  // 10 per window over the 2 nodes it last knew of: 5 each, and the cluster still at 10.
  expect(await admittedUntilRefused(gateways[0])).toBe(5);
  expect(await admittedUntilRefused(gateways[1])).toBe(5);
}, 60_000);
