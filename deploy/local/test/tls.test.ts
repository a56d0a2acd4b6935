import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import {
  createTestCertificates,
  natsServerBinary,
  startFakeOpenAI,
  startSecureNatsServer,
  type FakeOpenAI,
  type SecureNatsServer,
  type TestCertificates,
} from '@switchyard/data-plane/testing';
import { createScratchDatabase, freePorts, generateSecrets, graphql, Platform } from '../src';
import { APPLY, eventually, KEY_SECRET, POSTGRES_URL, UPSTREAM_KEY, USAGE } from './support';

// Issue 9's "the nodes dial out only": both planes against a NATS server that requires TLS
// with client certificates and a token, and the control plane's gRPC endpoint with mutual
// TLS. Snapshots, chat, usage and heartbeats all flow; nothing is plaintext.

const NATS_TOKEN = 'nats-e2e-token-0123456789';

const maybe = natsServerBinary() ? describe : describe.skip;

maybe('the planes over TLS', () => {
  let pki: TestCertificates;
  let nats: SecureNatsServer;
  let upstream: FakeOpenAI;
  let platform: Platform;
  let stateDir: string;
  let dropDb: () => Promise<void>;
  let admin: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  beforeAll(async () => {
    pki = createTestCertificates();
    nats = await startSecureNatsServer({
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, verifyClients: true },
      token: NATS_TOKEN,
    });
    upstream = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
    const db = await createScratchDatabase(POSTGRES_URL, 'sy_e2e_tls');
    dropDb = () => db.drop();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-e2e-tls-'));
    const secrets = generateSecrets();
    const [apiPort, grpcPort] = await freePorts(2);
    platform = new Platform({
      databaseUrl: db.url,
      natsUrl: nats.url,
      secrets,
      bucket: 'sy-e2e-tls',
      apiPort,
      grpcPort,
      stateDir,
      env: {
        LOG_LEVEL: 'info',
        SWITCHYARD_USAGE_FLUSH_MS: '100',
        SWITCHYARD_HEARTBEAT_MS: '300',
        // Both planes: NATS over mutual TLS with a token.
        NATS_TLS_CA: pki.ca,
        NATS_TLS_CERT: pki.clientCert,
        NATS_TLS_KEY: pki.clientKey,
        NATS_TOKEN,
        // Control plane: gRPC server certificate, client certificates required.
        SWITCHYARD_GRPC_TLS_CERT: pki.serverCert,
        SWITCHYARD_GRPC_TLS_KEY: pki.serverKey,
        SWITCHYARD_GRPC_TLS_CLIENT_CA: pki.ca,
        // Data plane: trusts the CA, presents its client certificate.
        SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
        SWITCHYARD_CONTROL_PLANE_TLS_CERT: pki.clientCert,
        SWITCHYARD_CONTROL_PLANE_TLS_KEY: pki.clientKey,
      },
    });
    await platform.startControlPlane();
    admin = <T>(query: string, variables?: Record<string, unknown>) =>
      graphql<T>(platform.graphqlUrl, secrets.adminToken, query, variables);
  });

  afterAll(async () => {
    await platform?.stop();
    await upstream?.close();
    await nats?.stop();
    await dropDb?.();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    pki?.remove();
  });

  it('publishes a snapshot a node applies, and the node reports usage and heartbeats', async () => {
    const applied = await admin<{ applyConfig: { snapshotVersion: number } }>(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'tls',
            name: 'TLS',
            providers: [
              { name: 'local-openai', kind: 'openai', baseUrl: upstream.baseUrl, apiKey: UPSTREAM_KEY },
            ],
            routes: [{ alias: 'fast', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] }],
            keys: [{ name: 'ci', secret: KEY_SECRET }],
          },
        ],
      },
    });
    expect(applied.applyConfig.snapshotVersion).toBeGreaterThan(0);
    const { workspaces } = await admin<{ workspaces: { id: string; slug: string }[] }>(
      '{ workspaces { id slug } }',
    );
    const workspaceId = workspaces.find((w) => w.slug === 'tls')!.id;

    const node = await platform.startDataPlane('node-tls');
    await platform.waitUntilReady(node);
    const client = new OpenAI({ apiKey: KEY_SECRET, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'over tls' }] })
      .withResponse();
    const requestId = completion.response.headers.get('x-request-id');

    await eventually(
      async () => {
        const { usageRecords } = await admin<{
          usageRecords: { items: { requestId: string; nodeId: string }[] };
        }>(USAGE, { workspaceId, limit: 10 });
        return usageRecords.items.find((r) => r.requestId === requestId && r.nodeId === 'node-tls');
      },
      10_000,
      'the usage record over mutual TLS',
    );
    await eventually(
      async () => {
        const { dataPlaneNodes } = await admin<{
          dataPlaneNodes: { nodeId: string; snapshotVersion: number }[];
        }>('{ dataPlaneNodes { nodeId snapshotVersion } }');
        return dataPlaneNodes.find(
          (n) => n.nodeId === 'node-tls' && n.snapshotVersion === applied.applyConfig.snapshotVersion,
        );
      },
      10_000,
      'the node heartbeat',
    );
  });
});
