import { Writable } from 'node:stream';
import { connect } from 'nats';
import pino from 'pino';
import { readNatsSecurity, SNAPSHOT_KV_KEY } from '@switchyard/proto';
import { startGateway, type Gateway } from '../src';
import { NatsLink } from '../src/nats/nats-link';
import { natsSecurityOptions } from '../src/snapshot/nats-security';
import { NatsSnapshotSource } from '../src/snapshot/nats-source';
import {
  createTestCertificates,
  startFakeOpenAI,
  startSecureNatsServer,
  type FakeOpenAI,
  type SecureNatsServer,
  type TestCertificates,
} from '../src/testing';
import { gatewayEnv } from './support/gateway-env';
import { waitFor } from './support/poll';
import { KEYS, makeSnapshot, testContent, UPSTREAM_API_KEY } from './support/snapshots';

const TOKEN = 'nats-token-0123456789abcdef';
const BUCKET = 'sy-tls-snapshots';

let pki: TestCertificates;
let nats: SecureNatsServer;
let upstream: FakeOpenAI;
const open: { close(): Promise<void> }[] = [];

/** The variables a node in a customer VPC would be given for this server. */
function securityEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NATS_URL: nats.url,
    NATS_TLS_CA: pki.ca,
    NATS_TLS_CERT: pki.clientCert,
    NATS_TLS_KEY: pki.clientKey,
    NATS_TOKEN: TOKEN,
    ...overrides,
  };
}

beforeAll(async () => {
  pki = createTestCertificates();
  nats = await startSecureNatsServer({
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, verifyClients: true },
    token: TOKEN,
  });
  upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  // The vendor side: publish a snapshot over the same TLS and credentials.
  const nc = await connect({ servers: nats.url, ...natsSecurityOptions(readNatsSecurity(securityEnv())) });
  const kv = await nc.jetstream().views.kv(BUCKET, { history: 1 });
  const snapshot = makeSnapshot(testContent(upstream.baseUrl), 1);
  await kv.put(SNAPSHOT_KV_KEY, new TextEncoder().encode(JSON.stringify(snapshot)));
  await nc.close();
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await upstream?.close();
  await nats?.stop();
  pki?.remove();
});

async function gatewayOn(env: Record<string, string>): Promise<Gateway> {
  const gateway = await startGateway(gatewayEnv({ SWITCHYARD_SNAPSHOT_BUCKET: BUCKET, ...env }));
  open.push(gateway);
  return gateway;
}

/** A snapshot watcher alone on its own NATS link, with the warnings of both collected. */
function watcherWith(env: Record<string, string>): {
  snapshots: string[];
  warnings: Record<string, unknown>[];
} {
  const warnings: Record<string, unknown>[] = [];
  const snapshots: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.level === 40) warnings.push(entry);
      }
      done();
    },
  });
  const logger = pino({ level: 'warn' }, sink);
  const link = new NatsLink({
    natsUrl: nats.url,
    nodeId: 'tls-watcher',
    security: readNatsSecurity(securityEnv(env)),
    logger,
  });
  link.start();
  open.push(link);
  const source = new NatsSnapshotSource({
    link,
    bucket: BUCKET,
    logger,
    onSnapshot: (text) => snapshots.push(text),
  });
  source.start();
  open.push(source);
  return { snapshots, warnings };
}

it('applies a snapshot from NATS over mutual TLS with a token, and serves it', async () => {
  const gateway = await gatewayOn(securityEnv());
  await waitFor(
    'a snapshot over TLS',
    async () => (await fetch(`${gateway.url}/readyz`)).status === 200,
    10_000,
  );
  expect(gateway.status().snapshotVersion).toBe(1);
  const res = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEYS.all}` },
    body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
});

it('reports a wrong token as a warning, keeps retrying and keeps the node up', async () => {
  const { snapshots, warnings } = watcherWith({ NATS_TOKEN: 'not-the-token-0123456789' });
  await waitFor('a warning', () => warnings.length > 0, 10_000);
  expect(String(warnings[0].err)).toMatch(/authorization/i);
  expect(snapshots).toEqual([]);

  const gateway = await gatewayOn(securityEnv({ NATS_TOKEN: 'not-the-token-0123456789' }));
  expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
});

it('reports a server certificate it does not trust', async () => {
  const { snapshots, warnings } = watcherWith({ NATS_TLS_CA: pki.otherCa });
  await waitFor('a warning', () => warnings.length > 0, 10_000);
  expect(String(warnings[0].err)).toMatch(/certificate/i);
  expect(snapshots).toEqual([]);
});

it('is refused without a client certificate when the server requires one', async () => {
  const { snapshots, warnings } = watcherWith({ NATS_TLS_CERT: '', NATS_TLS_KEY: '' });
  await waitFor('a warning', () => warnings.length > 0, 10_000);
  expect(snapshots).toEqual([]);
});

it('is refused with a client certificate another CA signed', async () => {
  const { snapshots, warnings } = watcherWith({
    NATS_TLS_CERT: pki.otherClientCert,
    NATS_TLS_KEY: pki.otherClientKey,
  });
  await waitFor('a warning', () => warnings.length > 0, 10_000);
  expect(snapshots).toEqual([]);
});
