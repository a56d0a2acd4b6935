import { setTimeout as sleep } from 'node:timers/promises';
import {
  ROUTING_KEYS,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';
import { sampleValue } from './support/prometheus-text';
import { waitFor } from './support/poll';

let g: RoutingGateway;

const retry = (attempts: number, onStatuses: number[], backoffMs = 10, maxBackoffMs = 50) => ({
  retry: { attempts, backoffMs, maxBackoffMs, onStatuses },
});
const breaker = (failures: number, windowMs: number, cooldownMs: number) => ({
  breaker: { failures, windowMs, cooldownMs },
});

beforeAll(async () => {
  g = await startRoutingGateway([
    route('retry', 'single', [target('flaky-2-503-r', retry(3, [503]))]),
    route('retry-after', 'single', [target('flaky-1-429-after-300-ra', retry(2, [429], 1, 5))]),
    route('backoff', 'single', [target('flaky-3-503-bo', retry(4, [503], 100, 1000))]),
    route('retry-other-status', 'single', [target('flaky-1-500-os', retry(3, [503]))]),
    route('retry-then-fallback', 'fallback', [target('fail-503-ex', retry(2, [503])), target('answer-next')]),
    route('retry-after-too-long', 'single', [target('fail-429-after-120000', retry(3, [429]))]),
    route('retry-timeout', 'single', [target('slow-500-answer-x', { timeoutMs: 100, ...retry(2, []) })]),
    route('breaker', 'fallback', [target('fail-503-br', breaker(3, 10_000, 400)), target('answer-backup')]),
    route('breaker-closes', 'fallback', [
      target('slow-150-flaky-3-503-bc', breaker(3, 10_000, 300)),
      target('answer-backup-2'),
    ]),
    route('breaker-window', 'single', [target('fail-503-bw', breaker(2, 200, 10_000))]),
    route('breaker-4xx', 'single', [target('fail-404-b4', breaker(1, 10_000, 10_000))]),
    route('breaker-cancelled-probe', 'single', [target('slow-300-flaky-1-503-cp', breaker(1, 10_000, 100))]),
    route('embed-retry', 'single', [target('flaky-2-503-er', retry(3, [503]))]),
    route('embed-breaker', 'fallback', [
      target('fail-503-eb', breaker(2, 10_000, 10_000)),
      target('text-embedding-3-small'),
    ]),
  ]);
});

afterAll(async () => {
  await g?.close();
});

const breakerState = async (model: string) =>
  sampleValue(await g.metrics(), 'switchyard_circuit_breaker_state', { target: `p-openai/${model}` });
/** Embeddings requests the fake upstream got for `model`. */
const embeddingCalls = (model: string) =>
  g.upstream.requests.filter(
    (r) => r.path === '/v1/embeddings' && (r.body as { model?: unknown }).model === model,
  );
const embed = (alias: string) =>
  g.client(ROUTING_KEYS.all).embeddings.create({ model: alias, input: 'hello there' }).withResponse();
const gaps = (model: string) => {
  const times = g.calls(model).map((r) => r.at!);
  return times.slice(1).map((t, i) => t - times[i]);
};

describe('retries', () => {
  it('retries a target on the statuses it names, and counts every attempt', async () => {
    const s = await g.chat('retry');
    expect(s).toMatchObject({ text: 'Echo: hello there', target: 'fake-openai/flaky-2-503-r', attempts: 3 });
    expect(g.calls('flaky-2-503-r')).toHaveLength(3);
    const retries = sampleValue(await g.metrics(), 'switchyard_upstream_retries_total', {
      route: 'retry',
      provider: 'fake-openai',
    });
    expect(retries).toBe(2);
  });

  it("waits at least the upstream's Retry-After before the next attempt", async () => {
    const s = await g.chat('retry-after');
    expect(s.attempts).toBe(2);
    const [gap] = gaps('flaky-1-429-after-300-ra');
    // Backoff alone would be at most 5 ms; Retry-After (300 ms) rules.
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(1500);
  });

  it('backs off exponentially, each wait within its doubling ceiling', async () => {
    const s = await g.chat('backoff');
    expect(s.attempts).toBe(4);
    const waits = gaps('flaky-3-503-bo');
    expect(waits).toHaveLength(3);
    // Full jitter: wait n is in [0, 100 × 2^n] ms (plus scheduling slack).
    waits.forEach((w, n) => expect(w).toBeLessThanOrEqual(100 * 2 ** n + 60));
  });

  it('does not retry a status it does not name', async () => {
    const r = await g.refused('retry-other-status');
    expect(r).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(r.headers.get('x-switchyard-attempts')).toBe('1');
  });

  it('falls back to the next target once the retries are used up', async () => {
    const s = await g.chat('retry-then-fallback');
    expect(s).toMatchObject({ text: 'next', attempts: 3 });
    expect(g.calls('fail-503-ex')).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than a minute', async () => {
    const started = Date.now();
    const r = await g.refused('retry-after-too-long');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('120');
    expect(r.headers.get('x-switchyard-attempts')).toBe('1');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries a timed-out attempt', async () => {
    const r = await g.refused('retry-timeout');
    expect(r).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(r.headers.get('x-switchyard-attempts')).toBe('2');
    expect(g.calls('slow-500-answer-x')).toHaveLength(2);
  });
});

describe('circuit breaker', () => {
  it('opens after N failures, skips the target without calling it, and probes once after the cooldown', async () => {
    for (let i = 0; i < 3; i++)
      expect(await g.chat('breaker')).toMatchObject({ text: 'backup', attempts: 2 });
    expect(await breakerState('fail-503-br')).toBe(2);
    for (let i = 0; i < 3; i++)
      expect(await g.chat('breaker')).toMatchObject({ text: 'backup', attempts: 1 });
    expect(g.calls('fail-503-br')).toHaveLength(3);

    await sleep(450);
    // The probe fails: open again for another cooldown.
    expect(await g.chat('breaker')).toMatchObject({ text: 'backup', attempts: 2 });
    expect(g.calls('fail-503-br')).toHaveLength(4);
    expect(await breakerState('fail-503-br')).toBe(2);
    expect(await g.chat('breaker')).toMatchObject({ attempts: 1 });
    expect(g.calls('fail-503-br')).toHaveLength(4);
  });

  it('is half-open during the probe and closes when it succeeds', async () => {
    const model = 'slow-150-flaky-3-503-bc';
    for (let i = 0; i < 3; i++) expect((await g.chat('breaker-closes')).text).toBe('backup-2');
    expect(await breakerState(model)).toBe(2);
    await sleep(350);
    // Two requests at once: one probes (and succeeds, the fake's 4th answer); the other may not.
    const probing = g.chat('breaker-closes');
    await waitFor('the probe to reach the upstream', () => g.calls(model).length === 4);
    expect(await breakerState(model)).toBe(1);
    const other = await g.chat('breaker-closes');
    expect(other).toMatchObject({ text: 'backup-2', attempts: 1 });
    expect(await probing).toMatchObject({ target: `fake-openai/${model}`, attempts: 1 });
    expect(await breakerState(model)).toBe(0);
    expect((await g.chat('breaker-closes')).target).toBe(`fake-openai/${model}`);
  });

  it('counts only failures within its window', async () => {
    await g.refused('breaker-window');
    await sleep(300);
    await g.refused('breaker-window');
    expect(await breakerState('fail-503-bw')).toBe(0);
    await g.refused('breaker-window');
    expect(await breakerState('fail-503-bw')).toBe(2);
    const skipped = await g.refused('breaker-window');
    expect(skipped).toMatchObject({ status: 503, code: 'circuit_open' });
    expect(skipped.headers.get('x-switchyard-attempts')).toBe('0');
    expect(g.calls('fail-503-bw')).toHaveLength(3);
  });

  it("is not opened by the client's errors (4xx)", async () => {
    for (let i = 0; i < 3; i++) expect((await g.refused('breaker-4xx')).status).toBe(404);
    expect(g.calls('fail-404-b4')).toHaveLength(3);
    expect(await breakerState('fail-404-b4')).toBe(0);
  });

  it('lets another probe through when the client cancels the one in flight', async () => {
    const model = 'slow-300-flaky-1-503-cp';
    await g.refused('breaker-cancelled-probe');
    expect(await breakerState(model)).toBe(2);
    await sleep(150);
    const aborted = g.upstream.abortedByClient;
    const controller = new AbortController();
    const leaving = g
      .client(ROUTING_KEYS.all)
      .chat.completions.create(
        { model: 'breaker-cancelled-probe', messages: [{ role: 'user', content: 'hi' }] },
        { signal: controller.signal },
      );
    await waitFor('the probe to reach the upstream', () => g.calls(model).length === 2);
    controller.abort();
    await expect(leaving).rejects.toThrow();
    await waitFor('the probe to be aborted upstream', () => g.upstream.abortedByClient > aborted);
    expect(await g.chat('breaker-cancelled-probe')).toMatchObject({ target: `fake-openai/${model}` });
    expect(await breakerState(model)).toBe(0);
  });
});

describe('embeddings (/v1/embeddings)', () => {
  it('retries a target as its retry policy says, as chat attempts are', async () => {
    const { data, response } = await embed('embed-retry');
    expect(data.data).toHaveLength(1);
    expect(response.headers.get('x-switchyard-attempts')).toBe('3');
    expect(embeddingCalls('flaky-2-503-er')).toHaveLength(3);
  });

  it("opens a target's breaker and skips it, falling back without calling it", async () => {
    for (let i = 0; i < 2; i++) {
      const { response } = await embed('embed-breaker');
      expect(response.headers.get('x-switchyard-target')).toBe(
        encodeURIComponent('fake-openai/text-embedding-3-small'),
      );
    }
    expect(await breakerState('fail-503-eb')).toBe(2);
    const { response } = await embed('embed-breaker');
    expect(response.status).toBe(200);
    expect(embeddingCalls('fail-503-eb')).toHaveLength(2);
  });
});
