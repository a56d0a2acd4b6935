import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_URL } from './nats-bucket';
import { NODE_TOKEN } from './control-plane';
import { SNAPSHOT_KEY_HEX } from './snapshots';

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'sy-dp-'));
}

/** Environment for `startGateway` in tests: port 0, quiet logs, fast timers. */
export function gatewayEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    NATS_URL,
    // The fake upstreams these tests call listen on loopback.
    SWITCHYARD_OUTBOUND_ALLOW: '127.0.0.0/8,::1',
    SWITCHYARD_SNAPSHOT_KEY: SNAPSHOT_KEY_HEX,
    SWITCHYARD_NODE_TOKEN: NODE_TOKEN,
    SWITCHYARD_CONTROL_PLANE_GRPC: '127.0.0.1:1',
    SWITCHYARD_NODE_ID: 'test-node',
    SWITCHYARD_STATE_DIR: tempStateDir(),
    SWITCHYARD_GATEWAY_PORT: '0',
    SWITCHYARD_USAGE_FLUSH_MS: '100',
    SWITCHYARD_HEARTBEAT_MS: '200',
    // Nodes of one test exchange rate-limit counts only with each other.
    SWITCHYARD_RATE_LIMIT_SUBJECT: `sy-test.rl-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}
