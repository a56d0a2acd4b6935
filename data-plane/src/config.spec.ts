import { heapGrowingPercent, loadConfig } from './config';

const base = { SWITCHYARD_SNAPSHOT_KEY: 'ab'.repeat(32), SWITCHYARD_NODE_TOKEN: 'a-node-token-of-16+' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ...base, SWITCHYARD_NODE_ID: 'n1' });
    expect(config).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      snapshotBucket: 'switchyard-config',
      controlPlaneGrpc: '127.0.0.1:50051',
      nodeId: 'n1',
      host: '127.0.0.1',
      port: 8080,
      maxBodyBytes: 10_485_760,
      upstreamTimeoutMs: 300_000,
      headersTimeoutMs: 66_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 65_000,
      usageFlushMs: 1000,
      usageMemoryLimit: 10_000,
      heartbeatMs: 5000,
      logLevel: 'info',
      rateLimitSubject: 'switchyard.ratelimit',
      rateLimitSyncMs: 100,
      rateLimitNodeTtlMs: 2000,
    });
    expect(config.stateDir).toMatch(/\.switchyard\/data-plane\/n1$/);
    expect(config.snapshotKey).toHaveLength(32);
  });

  it.each([
    [{ SWITCHYARD_SNAPSHOT_KEY: undefined }, /SWITCHYARD_SNAPSHOT_KEY is required/],
    [{ SWITCHYARD_SNAPSHOT_KEY: 'abcd' }, /SWITCHYARD_SNAPSHOT_KEY must be 32 bytes/],
    [{ SWITCHYARD_NODE_TOKEN: 'short' }, /SWITCHYARD_NODE_TOKEN is required/],
    [{ SWITCHYARD_GATEWAY_PORT: '70000' }, /SWITCHYARD_GATEWAY_PORT must be between 0 and 65535/],
    [{ SWITCHYARD_MAX_BODY_BYTES: '1e6' }, /SWITCHYARD_MAX_BODY_BYTES must be an integer/],
    [{ SWITCHYARD_USAGE_FLUSH_MS: '-5' }, /SWITCHYARD_USAGE_FLUSH_MS must be an integer/],
    [{ SWITCHYARD_CONTROL_PLANE_GRPC: 'http://cp' }, /SWITCHYARD_CONTROL_PLANE_GRPC must be host:port/],
    [{ NATS_URL: 'http://nats' }, /NATS_URL must be a nats:\/\/ URL/],
    [{ SWITCHYARD_SNAPSHOT_BUCKET: 'a.b' }, /SWITCHYARD_SNAPSHOT_BUCKET may hold only/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SWITCHYARD_HEADERS_TIMEOUT_MS: '0' }, /SWITCHYARD_HEADERS_TIMEOUT_MS must be between 1/],
    [{ SWITCHYARD_KEEP_ALIVE_TIMEOUT_MS: 'soon' }, /SWITCHYARD_KEEP_ALIVE_TIMEOUT_MS must be an integer/],
    [{ SWITCHYARD_RATE_LIMIT_SUBJECT: 'rl.*' }, /SWITCHYARD_RATE_LIMIT_SUBJECT must be a NATS subject/],
    [{ SWITCHYARD_RATE_LIMIT_SUBJECT: 'a..b' }, /SWITCHYARD_RATE_LIMIT_SUBJECT must be a NATS subject/],
    [{ SWITCHYARD_RATE_LIMIT_SYNC_MS: '5' }, /SWITCHYARD_RATE_LIMIT_SYNC_MS must be between 10/],
    [
      { SWITCHYARD_RATE_LIMIT_SYNC_MS: '500', SWITCHYARD_RATE_LIMIT_NODE_TTL_MS: '400' },
      /SWITCHYARD_RATE_LIMIT_NODE_TTL_MS \(400\) must exceed SWITCHYARD_RATE_LIMIT_SYNC_MS/,
    ],
    [
      { SWITCHYARD_HEADERS_TIMEOUT_MS: '5000', SWITCHYARD_REQUEST_TIMEOUT_MS: '1000' },
      /SWITCHYARD_HEADERS_TIMEOUT_MS \(5000\) must not exceed SWITCHYARD_REQUEST_TIMEOUT_MS/,
    ],
  ])('refuses %p', (overrides, message) => {
    expect(() => loadConfig({ ...base, ...overrides })).toThrow(message);
  });

  it("reads the heap growing percent the node sets on itself: 20 by default, 0 for V8's own", () => {
    expect(heapGrowingPercent({})).toBe(20);
    expect(heapGrowingPercent({ SWITCHYARD_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(() => heapGrowingPercent({ SWITCHYARD_HEAP_GROWING_PERCENT: '5000' })).toThrow(
      /SWITCHYARD_HEAP_GROWING_PERCENT must be between 0 and 1000/,
    );
  });
});
