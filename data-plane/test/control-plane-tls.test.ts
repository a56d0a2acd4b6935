import * as grpc from '@grpc/grpc-js';
import {
  encodeUsageBatch,
  grpcServerCredentials,
  loadTelemetry,
  readGrpcServerTls,
  type HeartbeatRequest,
  type TelemetryHandlers,
} from '@switchyard/proto';
import { loadConfig } from '../src/config';
import { createTestCertificates, type TestCertificates } from '../src/testing';
import { ControlPlaneClient } from '../src/usage/telemetry-client';
import { NODE_TOKEN } from './support/control-plane';
import { gatewayEnv } from './support/gateway-env';

// The control plane's server side is built from the same two calls its TelemetryServer makes
// (readGrpcServerTls → grpcServerCredentials); the node's side is the real client, configured
// through loadConfig as at start.

let pki: TestCertificates;
const servers: grpc.Server[] = [];
const clients: ControlPlaneClient[] = [];

beforeAll(() => {
  pki = createTestCertificates();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.forceShutdown();
});

afterAll(() => pki.remove());

const HEARTBEAT: HeartbeatRequest = { nodeId: 'tls-node', snapshotVersion: 1 };

async function serve(env: NodeJS.ProcessEnv): Promise<string> {
  const server = new grpc.Server();
  const handlers: TelemetryHandlers = {
    ReportUsage: (call, callback) => callback(null, { accepted: call.request.records.length, duplicates: 0 }),
    Heartbeat: (call, callback) =>
      call.metadata.get('authorization')[0] === `Bearer ${NODE_TOKEN}`
        ? callback(null, { latestSnapshotVersion: 7 })
        : callback({ code: grpc.status.UNAUTHENTICATED }),
  };
  server.addService(loadTelemetry().Telemetry.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpcServerCredentials(readGrpcServerTls(env)), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  servers.push(server);
  return `127.0.0.1:${port}`;
}

function nodeClient(address: string, env: Record<string, string>): ControlPlaneClient {
  const config = loadConfig(gatewayEnv({ SWITCHYARD_CONTROL_PLANE_GRPC: address, ...env }));
  const client = new ControlPlaneClient(config.controlPlaneGrpc, config.nodeToken, config.controlPlaneTls);
  clients.push(client);
  return client;
}

async function heartbeatError(client: ControlPlaneClient): Promise<grpc.ServiceError> {
  try {
    await client.heartbeat(HEARTBEAT, 2000);
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('the heartbeat was expected to fail');
}

describe('TLS', () => {
  const serverEnv = () => ({
    SWITCHYARD_GRPC_TLS_CERT: pki.serverCert,
    SWITCHYARD_GRPC_TLS_KEY: pki.serverKey,
  });

  it('connects a node that trusts the server CA', async () => {
    const address = await serve(serverEnv());
    const client = nodeClient(address, { SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca });
    expect(await client.heartbeat(HEARTBEAT, 5000)).toEqual({ latestSnapshotVersion: 7 });
  });

  it('checks the server name given instead of the address dialled', async () => {
    const address = await serve(serverEnv());
    const good = nodeClient(address, {
      SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
      SWITCHYARD_CONTROL_PLANE_TLS_SERVER_NAME: 'localhost',
    });
    expect(await good.heartbeat(HEARTBEAT, 5000)).toEqual({ latestSnapshotVersion: 7 });
    const bad = nodeClient(address, {
      SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
      SWITCHYARD_CONTROL_PLANE_TLS_SERVER_NAME: 'grpc.elsewhere.example',
    });
    const err = await heartbeatError(bad);
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a server whose certificate another CA signed, saying why', async () => {
    const address = await serve(serverEnv());
    const err = await heartbeatError(nodeClient(address, { SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.otherCa }));
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(err.details).toMatch(/certificate/i);
  });

  it('does not reach a TLS server in plaintext, nor a plaintext server over TLS', async () => {
    const tlsAddress = await serve(serverEnv());
    expect((await heartbeatError(nodeClient(tlsAddress, {}))).code).toBe(grpc.status.UNAVAILABLE);
    const plainAddress = await serve({});
    const err = await heartbeatError(nodeClient(plainAddress, { SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca }));
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
  });
});

describe('mutual TLS', () => {
  const serverEnv = () => ({
    SWITCHYARD_GRPC_TLS_CERT: pki.serverCert,
    SWITCHYARD_GRPC_TLS_KEY: pki.serverKey,
    SWITCHYARD_GRPC_TLS_CLIENT_CA: pki.ca,
  });

  it('connects a node with a client certificate the server CA signed', async () => {
    const address = await serve(serverEnv());
    const client = nodeClient(address, {
      SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
      SWITCHYARD_CONTROL_PLANE_TLS_CERT: pki.clientCert,
      SWITCHYARD_CONTROL_PLANE_TLS_KEY: pki.clientKey,
    });
    expect(await client.heartbeat(HEARTBEAT, 5000)).toEqual({ latestSnapshotVersion: 7 });
    expect(await client.reportUsage(encodeUsageBatch('tls-node', []), 5000)).toEqual({
      accepted: 0,
      duplicates: 0,
    });
  });

  it('refuses a node without a client certificate', async () => {
    const address = await serve(serverEnv());
    const err = await heartbeatError(nodeClient(address, { SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca }));
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a node whose client certificate another CA signed', async () => {
    const address = await serve(serverEnv());
    const err = await heartbeatError(
      nodeClient(address, {
        SWITCHYARD_CONTROL_PLANE_TLS_CA: pki.ca,
        SWITCHYARD_CONTROL_PLANE_TLS_CERT: pki.otherClientCert,
        SWITCHYARD_CONTROL_PLANE_TLS_KEY: pki.otherClientKey,
      }),
    );
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
  });
});
