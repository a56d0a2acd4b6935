import {
  hashKeySecret,
  parseSecretKey,
  sealSecret,
  snapshotHash,
  type Snapshot,
  type SnapshotContent,
  type SnapshotRoute,
} from '@switchyard/proto';

export const SNAPSHOT_KEY_HEX = '5a'.repeat(32);
export const SNAPSHOT_KEY = parseSecretKey(SNAPSHOT_KEY_HEX, 'TEST');
export const UPSTREAM_API_KEY = 'sk-upstream-test-0123456789';

/** Virtual key secrets used by the tests. */
export const KEYS = {
  /** May call every route of the workspace. */
  all: 'sy-test-all-0123456789abcdef',
  /** May call only `fast`. */
  fastOnly: 'sy-test-fast-0123456789abcdef',
  expired: 'sy-test-expired-0123456789abc',
} as const;

function route(id: string, alias: string, providerId: string, model: string): SnapshotRoute {
  return { id, workspaceId: 'w1', alias, strategy: 'single', targets: [{ providerId, model }] };
}

/**
 * A workspace with one OpenAI provider on `upstreamBaseUrl` and a route per fake-upstream
 * behaviour, a provider of a kind the gateway does not know, one on a closed port, and keys.
 */
export function testContent(
  upstreamBaseUrl: string,
  options: { closedPortUrl?: string } = {},
): SnapshotContent {
  return {
    workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo' }],
    providers: [
      {
        id: 'p-openai',
        workspaceId: 'w1',
        name: 'fake-openai',
        kind: 'openai',
        baseUrl: upstreamBaseUrl,
        credentials: sealSecret(
          SNAPSHOT_KEY,
          'p-openai',
          JSON.stringify({ apiKey: UPSTREAM_API_KEY, headers: { 'OpenAI-Organization': 'org-test' } }),
        ),
      },
      {
        id: 'p-future',
        workspaceId: 'w1',
        name: 'from-the-future',
        kind: 'future-kind',
        baseUrl: upstreamBaseUrl,
        credentials: null,
      },
      {
        id: 'p-down',
        workspaceId: 'w1',
        name: 'down',
        kind: 'openai-compatible',
        baseUrl: options.closedPortUrl ?? 'http://127.0.0.1:9/v1',
        credentials: null,
      },
    ],
    routes: [
      route('r-fast', 'fast', 'p-openai', 'gpt-4o-mini'),
      route('r-500', 'fail-500', 'p-openai', 'fail-500'),
      route('r-429', 'fail-429', 'p-openai', 'fail-429'),
      route('r-400', 'fail-400', 'p-openai', 'fail-400'),
      route('r-slow', 'slow', 'p-openai', 'slow-3000'),
      route('r-slowish', 'slowish', 'p-openai', 'slow-300'),
      route('r-stall', 'stall', 'p-openai', 'stall-stream'),
      route('r-broken', 'broken', 'p-openai', 'broken-stream'),
      route('r-future', 'future', 'p-future', 'claude'),
      route('r-down', 'down', 'p-down', 'gpt-4o-mini'),
    ],
    keys: [
      {
        id: 'k-all',
        workspaceId: 'w1',
        name: 'all',
        hash: hashKeySecret(KEYS.all),
        expiresAt: null,
        allowedRouteIds: null,
      },
      {
        id: 'k-fast',
        workspaceId: 'w1',
        name: 'fast only',
        hash: hashKeySecret(KEYS.fastOnly),
        expiresAt: null,
        allowedRouteIds: ['r-fast'],
      },
      {
        id: 'k-expired',
        workspaceId: 'w1',
        name: 'expired',
        hash: hashKeySecret(KEYS.expired),
        expiresAt: '2020-01-01T00:00:00.000Z',
        allowedRouteIds: null,
      },
    ],
  };
}

/** A whole snapshot around `content`, hashed as the control plane would. */
export function makeSnapshot(content: SnapshotContent, version: number): Snapshot {
  return {
    schemaVersion: 1,
    version,
    hash: snapshotHash(content),
    createdAt: new Date('2026-01-01T00:00:00.000Z').toISOString(),
    content,
  };
}
