import { connect } from 'nats';
import { rateLimitCountsSubject, SNAPSHOT_KV_KEY } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { startSecureNatsServer } from '../src/testing/nats-server';
import { gatewayEnv } from './support/gateway-env';
import { waitFor } from './support/poll';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { makeSnapshot, testContent } from './support/snapshots';

/** What the monitoring endpoint says about the server's client connections. */
interface Connz {
  num_connections: number;
  connections: { name?: string; subscriptions_list?: string[] }[];
}

/** The streams the server holds, and how many consumers each has. */
interface Jsz {
  account_details?: { stream_detail?: { name: string; state: { consumer_count: number } }[] }[];
}

/** A private JetStream nats-server with its monitoring endpoint, which lists connections. */
async function startMonitoredNats() {
  const server = await startSecureNatsServer({ monitor: true });
  const get = async <T>(path: string) => (await (await fetch(`${server.monitorUrl}${path}`)).json()) as T;
  return {
    ...server,
    connz: () => get<Connz>('/connz?subs=1'),
    jsz: () => get<Jsz>('/jsz?streams=true'),
  };
}

let nats: Awaited<ReturnType<typeof startMonitoredNats>>;
let gateway: Gateway | null = null;

beforeAll(async () => {
  nats = await startMonitoredNats();
  const nc = await connect({ servers: nats.url });
  const kv = await nc.jetstream().views.kv('sy-one-link', { history: 1 });
  const snapshot = makeSnapshot(testContent('http://127.0.0.1:1'), 1);
  await kv.put(SNAPSHOT_KV_KEY, new TextEncoder().encode(JSON.stringify(snapshot)));
  await nc.close();
});

afterAll(async () => {
  await gateway?.close();
  await nats?.stop();
});

it('holds exactly one NATS connection for snapshots, budget state, cache and rate limits, and closes it', async () => {
  const env = gatewayEnv({
    NATS_URL: nats.url,
    SWITCHYARD_NODE_ID: 'one-link',
    SWITCHYARD_SNAPSHOT_BUCKET: 'sy-one-link',
    SWITCHYARD_CACHE_BUCKET: 'sy-one-link-cache',
  });
  gateway = await startGateway(env);
  const g = gateway;
  // Every user of NATS is up: the snapshot applied, the cache bucket made, counts exchanged.
  await waitFor('the snapshot over NATS', async () => (await fetch(`${g.url}/readyz`)).ok, 15_000);
  const rateLimitSubject = rateLimitCountsSubject(env.SWITCHYARD_RATE_LIMIT_SUBJECT!);
  await waitFor(
    'the cache bucket watched',
    async () =>
      (await nats.jsz()).account_details
        ?.flatMap((a) => a.stream_detail ?? [])
        .some((s) => s.name === 'KV_sy-one-link-cache' && s.state.consumer_count > 0),
    15_000,
  );
  const connz = await waitFor(
    'the rate-limit subscription',
    async () => {
      const c = await nats.connz();
      return c.connections.some((conn) => conn.subscriptions_list?.includes(rateLimitSubject)) ? c : null;
    },
    15_000,
  );
  const metrics = parsePrometheusText(await (await fetch(`${g.url}/metrics`)).text());
  expect(sampleValue(metrics, 'switchyard_rate_limit_isolated')).toBe(0);
  expect(connz.connections.map((c) => c.name)).toEqual(['switchyard-gateway-one-link']);
  expect(connz.num_connections).toBe(1);

  await g.close();
  gateway = null;
  await waitFor('the connection closed', async () => (await nats.connz()).num_connections === 0);
});
