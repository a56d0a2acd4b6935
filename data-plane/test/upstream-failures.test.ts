import { KEYS } from './support/snapshots';
import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { errorOf, waitFor } from './support/poll';

let f: GatewayFixture;

beforeAll(async () => {
  f = await startGatewayFixture();
});

afterAll(async () => {
  await f?.close();
});

describe('upstream failures', () => {
  it('passes 4xx answers through with their body and retry-after', async () => {
    await expect(
      f.client().chat.completions.create({ model: 'fail-400', messages: hello }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'messages[0].role',
    });
    const res = await f.post({ model: 'fail-429', messages: hello });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await errorOf(res)).code).toBe('rate_limit_exceeded');
  });

  it('turns an upstream 5xx into 502 upstream_error naming the status', async () => {
    await expect(
      f.client().chat.completions.create({ model: 'fail-500', messages: hello }),
    ).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: expect.stringContaining('500'),
    });
  });

  it('answers 502 when the upstream refuses connections and for unsupported provider kinds', async () => {
    await expect(
      f.client().chat.completions.create({ model: 'down', messages: hello }),
    ).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
    });
    await expect(
      f.client().chat.completions.create({ model: 'future', messages: hello }),
    ).rejects.toMatchObject({
      status: 502,
      code: 'provider_unsupported',
    });
  });

  it('answers 504 when the upstream is too slow, and gives up on it', async () => {
    const started = Date.now();
    await expect(
      f.client().chat.completions.create({ model: 'slow', messages: hello }),
    ).rejects.toMatchObject({
      status: 504,
      code: 'upstream_timeout',
    });
    expect(Date.now() - started).toBeLessThan(2500);
    await waitFor('the upstream call to be aborted', () => f.upstream.abortedByClient > 0);
  });

  it('aborts the upstream call when the client goes away, and records 499', async () => {
    const before = f.upstream.abortedByClient;
    const slowCalls = () =>
      f.upstream.requests.filter((r) => (r.body as { model?: string }).model === 'slow-3000').length;
    const slowBefore = slowCalls();
    const controller = new AbortController();
    const known = new Set(f.telemetry.records.map((r) => r.requestId));
    const pending = f.post({ model: 'slow', messages: hello });
    void pending.catch(() => undefined);
    const leaving = fetch(`${f.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${KEYS.all}` },
      body: JSON.stringify({ model: 'slow', messages: hello }),
    });
    await waitFor('the upstream to get both requests', () => slowCalls() === slowBefore + 2);
    controller.abort();
    await expect(leaving).rejects.toThrow();
    await waitFor('the upstream call to be aborted', () => f.upstream.abortedByClient > before);
    const record = await waitFor('the 499 record', () =>
      f.telemetry.records.find((r) => !known.has(r.requestId) && r.status === 499),
    );
    expect(record).toMatchObject({ status: 499, errorCode: 'client_closed_request' });
    await pending;
  });

  it('aborts a stream upstream when the client stops reading it', async () => {
    const before = f.upstream.abortedByClient;
    const controller = new AbortController();
    const res = await fetch(`${f.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${KEYS.all}` },
      body: JSON.stringify({ model: 'stall', messages: hello, stream: true }),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"');
    controller.abort();
    await waitFor('the upstream stream to be aborted', () => f.upstream.abortedByClient > before);
    const record = await waitFor('the 499 record', () =>
      f.telemetry.records.find((r) => r.requestId === res.headers.get('x-request-id')),
    );
    expect(record).toMatchObject({ status: 499, stream: true, errorCode: 'client_closed_request' });
  });

  it('ends a stream that stalls or breaks with an SSE error event, never a hang', async () => {
    for (const model of ['stall', 'broken']) {
      const stream = await f.client().chat.completions.create({ model, messages: hello, stream: true });
      const seen: unknown[] = [];
      await expect(
        (async () => {
          for await (const chunk of stream) seen.push(chunk);
        })(),
      ).rejects.toMatchObject({ error: { code: model === 'stall' ? 'upstream_timeout' : 'upstream_error' } });
      expect(seen).toHaveLength(1);
    }
    // The gateway is still fine afterwards.
    const ok = await f.client().chat.completions.create({ model: 'fast', messages: hello });
    expect(ok.choices[0].message.content).toBe('Echo: hello there');
  });
});
