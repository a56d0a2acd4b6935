import { startGatewayFixture, hello, type GatewayFixture } from './support/gateway-fixture';
import { waitFor } from './support/poll';

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGatewayFixture({ SWITCHYARD_USAGE_FLUSH_MS: '60000' });
});

afterAll(async () => {
  await f.close();
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then refuses connections, and flushes their usage', async () => {
    const inFlight = f.post({ model: 'slowish', messages: hello });
    await waitFor('the upstream call', () =>
      f.upstream.requests.some((r) => (r.body as { model?: string }).model === 'slow-300'),
    );
    const closed = f.gateway.close();

    const res = await inFlight;
    expect(res.status).toBe(200);
    await closed;
    await expect(fetch(`${f.gateway.url}/healthz`)).rejects.toThrow();
    // The flush timer never fired (60 s): the record arrived through the final flush.
    expect(f.telemetry.records.map((r) => r.requestId)).toContain(res.headers.get('x-request-id'));
  });
});
