import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { waitFor } from './support/poll';

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGatewayFixture();
});

afterAll(async () => {
  await f?.close();
});

describe('usage and heartbeats', () => {
  it('reports a usage record per request with the node token', async () => {
    const { response } = await f
      .client()
      .chat.completions.create({ model: 'fast', messages: hello })
      .withResponse();
    const id = response.headers.get('x-request-id')!;
    const record = await waitFor('the usage record', () =>
      f.telemetry.records.find((r) => r.requestId === id),
    );
    expect(record).toMatchObject({
      workspaceId: 'w1',
      keyId: 'k-all',
      routeId: 'r-fast',
      routeAlias: 'fast',
      providerId: 'p-openai',
      model: 'gpt-4o-mini',
      endpoint: 'chat.completions',
      stream: false,
      inputTokens: 3,
      outputTokens: 5,
      // gpt-4o-mini at $0.15 / $0.60 per million tokens: 3 × 0.15 + 5 × 0.60 = 3.45 micro-USD.
      costMicroUsd: 3,
      status: 200,
      errorCode: '',
      nodeId: 'test-node',
      tokensEstimated: false,
    });
    expect(record.startedAtMs).toBeGreaterThan(Date.now() - 60_000);

    const failed = await f.post({ model: 'fail-500', messages: hello });
    const failedId = failed.headers.get('x-request-id');
    expect(failed.status).toBe(502);
    const failure = await waitFor('the failure record', () =>
      f.telemetry.records.find((r) => r.requestId === failedId),
    );
    expect(failure).toMatchObject({ status: 502, errorCode: 'upstream_error', routeAlias: 'fail-500' });
    expect(f.telemetry.unauthenticated).toEqual([]);
  });

  it('records stream usage and time to first token', async () => {
    const stream = await f
      .client()
      .chat.completions.create({ model: 'fast', messages: hello, stream: true })
      .withResponse();
    for await (const _chunk of stream.data) void _chunk;
    const id = stream.response.headers.get('x-request-id')!;
    const record = await waitFor('the stream record', () =>
      f.telemetry.records.find((r) => r.requestId === id),
    );
    expect(record).toMatchObject({
      stream: true,
      inputTokens: 3,
      outputTokens: 5,
      status: 200,
      tokensEstimated: false,
    });
    expect(record.ttftMs).toBeGreaterThan(0);
    expect(record.latencyMs).toBeGreaterThanOrEqual(record.ttftMs);
  });

  it('sends heartbeats describing the node', async () => {
    const beat = await waitFor('a heartbeat with the snapshot', () =>
      f.telemetry.heartbeats.find((h) => h.snapshotVersion === 1),
    );
    expect(beat).toMatchObject({
      nodeId: 'test-node',
      snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      softwareVersion: '0.1.0',
      gatewayUrl: f.gateway.url,
      lastSnapshotError: '',
    });
  });
});
