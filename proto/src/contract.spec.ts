import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  hashKeySecret,
  loadTelemetry,
  openSecret,
  parseSecretKey,
  sealSecret,
  snapshotHash,
  snapshotSchema,
  validateSnapshot,
  type Snapshot,
  type SnapshotContent,
} from './index';

const key = parseSecretKey('11'.repeat(32), 'TEST_KEY');

function snapshot(content: SnapshotContent, version = 1): Snapshot {
  return {
    schemaVersion: 1,
    version,
    hash: snapshotHash(content),
    createdAt: '2026-01-01T00:00:00.000Z',
    content,
  };
}

function content(): SnapshotContent {
  return {
    workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo' }],
    providers: [
      {
        id: 'p1',
        workspaceId: 'w1',
        name: 'local',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:9001/v1',
        credentials: sealSecret(key, 'p1', JSON.stringify({ apiKey: 'sk-test' })),
      },
    ],
    routes: [
      {
        id: 'r1',
        workspaceId: 'w1',
        alias: 'fast',
        strategy: 'single',
        targets: [{ providerId: 'p1', model: 'gpt-4o-mini' }],
      },
    ],
    keys: [
      {
        id: 'k1',
        workspaceId: 'w1',
        name: 'ci',
        hash: hashKeySecret('sy-x'),
        expiresAt: null,
        allowedRouteIds: ['r1'],
      },
    ],
  };
}

describe('snapshot validation', () => {
  it('accepts a consistent snapshot', () => {
    expect(validateSnapshot(snapshot(content()))).toEqual({ ok: true, snapshot: expect.any(Object) });
  });

  it('rejects a route that targets a provider that does not exist', () => {
    const c = content();
    c.routes[0].targets[0].providerId = 'nope';
    const result = validateSnapshot(snapshot(c));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContain('route r1 target 0 targets unknown provider nope');
  });

  it('rejects cross-workspace references and duplicate aliases', () => {
    const c = content();
    c.workspaces.push({ id: 'w2', slug: 'other', name: 'Other' });
    c.keys[0].workspaceId = 'w2';
    c.routes.push({ ...c.routes[0], id: 'r2' });
    const result = validateSnapshot(snapshot(c));
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'duplicate route alias w1/fast',
        'key k1 allows route r1 of another workspace',
      ]),
    );
  });

  it('accepts every strategy with its settings, nested routes included', () => {
    const c = content();
    const t = { providerId: 'p1', model: 'm' };
    c.routes.push(
      {
        id: 'r2',
        workspaceId: 'w1',
        alias: 'smart',
        strategy: 'fallback',
        targets: [
          {
            ...t,
            retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 2000, onStatuses: [429] },
            timeoutMs: 5000,
          },
          {
            providerId: null,
            model: '',
            routeId: 'r1',
            weight: 2,
            breaker: { failures: 3, windowMs: 60000, cooldownMs: 30000 },
          },
        ],
        fallback: { onStatuses: [429, 503], onTimeout: true, onConnectionError: true },
      },
      {
        id: 'r3',
        workspaceId: 'w1',
        alias: 'cond',
        strategy: 'conditional',
        targets: [t, { ...t, overrides: { temperature: 0 } }],
        conditions: {
          rules: [
            {
              when: [
                { field: 'metadata.tier', op: 'in', value: ['gold'] },
                { field: 'param.max_tokens', op: 'gt', value: 100 },
              ],
              target: 1,
            },
          ],
          defaultTarget: 0,
        },
      },
      {
        id: 'r4',
        workspaceId: 'w1',
        alias: 'sem',
        strategy: 'semantic',
        targets: [t, t],
        semantic: {
          embedder: { providerId: null, model: 'local' },
          threshold: 0.5,
          intents: [{ name: 'billing', examples: ['refund my order'], target: 1, threshold: 0.6 }],
          defaultTarget: 0,
          onEmbedError: 'default',
        },
      },
      {
        id: 'r5',
        workspaceId: 'w1',
        alias: 'panel',
        strategy: 'ensemble',
        targets: [t, t],
        ensemble: { mode: 'synthesize', judge: t, minResponses: 2, deadlineMs: 10000 },
      },
    );
    c.modelPrices = [
      { workspaceId: 'w1', providerKind: 'openai', model: 'm', inputPerMTok: 150000, outputPerMTok: 600000 },
    ];
    expect(validateSnapshot(snapshot(c))).toEqual({ ok: true, snapshot: expect.any(Object) });
  });

  it('rejects nesting cycles, too-deep nesting, bad indices and bad regexes', () => {
    const c = content();
    const nest = (id: string, to: string) => ({
      id,
      workspaceId: 'w1',
      alias: id,
      strategy: 'single' as const,
      targets: [{ providerId: null, model: '', routeId: to }],
    });
    c.routes.push(
      nest('a', 'b'),
      nest('b', 'a'),
      nest('d1', 'd2'),
      nest('d2', 'd3'),
      nest('d3', 'd4'),
      nest('d4', 'r1'),
    );
    c.routes.push({
      id: 'c1',
      workspaceId: 'w1',
      alias: 'c1',
      strategy: 'conditional',
      targets: [{ providerId: 'p1', model: 'm' }],
      conditions: {
        rules: [{ when: [{ field: 'header.x-a', op: 'regex', value: '(' }], target: 3 }],
        defaultTarget: 0,
      },
    });
    const result = validateSnapshot(snapshot(c));
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'routes nest in a cycle: a -> b -> a',
        'route d1 nests 5 levels deep; at most 4 are allowed',
        'route c1 rule 0 names target 3, but the route has 1',
        'route c1 rule 0 on header.x-a: regex "(" does not compile',
      ]),
    );
  });

  it('accepts MCP servers and access, and rejects access that does not resolve', () => {
    const c = content();
    c.workspaces.push({ id: 'w2', slug: 'other', name: 'Other' });
    c.mcpServers = [
      {
        id: 'm1',
        workspaceId: 'w1',
        slug: 'weather',
        name: 'Weather',
        url: 'http://127.0.0.1:9100/mcp',
        transport: 'streamable-http',
        credentials: sealSecret(key, 'm1', JSON.stringify({ bearerToken: 't' })),
      },
      {
        id: 'm2',
        workspaceId: 'w2',
        slug: 'weather',
        name: 'Other weather',
        url: 'http://127.0.0.1:9101/sse',
        transport: 'sse',
        credentials: null,
      },
    ];
    c.mcpAccess = [{ keyId: 'k1', serverId: 'm1', allowTools: ['forecast*'], denyTools: ['*_admin'] }];
    expect(validateSnapshot(snapshot(c)).ok).toBe(true);

    c.mcpAccess.push(
      { keyId: 'k1', serverId: 'm2', allowTools: null, denyTools: [] },
      { keyId: 'k9', serverId: 'm1', allowTools: null, denyTools: [] },
      { keyId: 'k1', serverId: 'm1', allowTools: null, denyTools: [] },
    );
    c.mcpServers.push({ ...c.mcpServers[0], id: 'm3' });
    const result = validateSnapshot(snapshot(c));
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'mcp access k1/m2 joins a key and a server of different workspaces',
        'mcp access names unknown key k9',
        'duplicate mcp access k1/m1',
        'duplicate mcp server slug w1/weather',
      ]),
    );
    c.mcpServers[0].slug = 'Not A Slug';
    expect(validateSnapshot(snapshot(c)).ok).toBe(false);
  });

  it('accepts cache settings on routes and keys, and rejects inconsistent ones', () => {
    const c = content();
    c.routes[0].cache = { mode: 'exact', ttlSeconds: 300 };
    c.keys[0].cache = {
      mode: 'semantic',
      ttlSeconds: 60,
      embedder: { providerId: 'p1', model: 'text-embedding-3-small' },
      threshold: 0.9,
    };
    expect(validateSnapshot(snapshot(c)).ok).toBe(true);

    c.routes[0].cache = { mode: 'semantic', ttlSeconds: 300 };
    c.keys[0].cache = {
      mode: 'exact',
      ttlSeconds: 60,
      threshold: 0.9,
      embedder: { providerId: 'p9', model: 'e' },
    };
    const result = validateSnapshot(snapshot(c));
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'route r1 cache is semantic but names no embedder',
        'route r1 cache is semantic but has no threshold',
        'key k1 cache is exact and takes no embedder or threshold',
        'key k1 cache embeds with unknown provider p9',
      ]),
    );
    c.keys[0].cache = { mode: 'exact', ttlSeconds: 0 };
    expect(validateSnapshot(snapshot(c)).ok).toBe(false);
  });

  it('accepts rate limits of a workspace, a key and a route, and rejects inconsistent ones', () => {
    const c = content();
    const limit = {
      requestsPerWindow: null,
      tokensPerWindow: null,
      windowSeconds: 60,
      concurrent: null,
    };
    c.rateLimits = [
      { ...limit, id: 'l1', workspaceId: 'w1', keyId: null, routeId: null, requestsPerWindow: 600 },
      { ...limit, id: 'l2', workspaceId: 'w1', keyId: 'k1', routeId: null, tokensPerWindow: 100_000 },
      { ...limit, id: 'l3', workspaceId: 'w1', keyId: null, routeId: 'r1', concurrent: 4, windowSeconds: 10 },
    ];
    expect(validateSnapshot(snapshot(c)).ok).toBe(true);

    c.rateLimits.push(
      { ...limit, id: 'l4', workspaceId: 'w1', keyId: 'k1', routeId: 'r1', requestsPerWindow: 1 },
      { ...limit, id: 'l5', workspaceId: 'w1', keyId: 'k9', routeId: null, requestsPerWindow: 1 },
      { ...limit, id: 'l6', workspaceId: 'w1', keyId: null, routeId: null },
    );
    const result = validateSnapshot(snapshot(c));
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'rate limit l4 names both a key and a route',
        'rate limit l5 names unknown key k9',
        'rate limit l6 limits nothing',
        'duplicate rate limit l6: one limit per workspace, key or route',
      ]),
    );
    c.rateLimits = [{ ...limit, id: 'l1', workspaceId: 'w1', keyId: null, routeId: null, windowSeconds: 0 }];
    expect(validateSnapshot(snapshot(c)).ok).toBe(false);
  });

  it('rejects a snapshot whose hash does not match its content', () => {
    const s = snapshot(content());
    s.content.routes[0].targets[0].model = 'gpt-4o';
    const result = validateSnapshot(s);
    expect(!result.ok && result.errors[0]).toMatch(/does not match content/);
  });

  it('rejects a wrong shape with the path of the problem', () => {
    const s = snapshot(content()) as unknown as { content: { providers: { baseUrl: string }[] } };
    s.content.providers[0].baseUrl = 'file:///etc/passwd';
    const result = validateSnapshot(s);
    expect(!result.ok && result.errors.join()).toMatch(/\/content\/providers\/0\/baseUrl/);
  });

  it('hashes equal content equally whatever the key order', () => {
    const c = content();
    const reordered = { keys: c.keys, routes: c.routes, providers: c.providers, workspaces: c.workspaces };
    expect(snapshotHash(reordered)).toBe(snapshotHash(c));
  });

  it('keeps snapshot.schema.json in step with the TypeScript schema', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', 'snapshot.schema.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(snapshotSchema)));
  });
});

describe('sealed secrets', () => {
  it('round-trips and is deterministic for equal input', () => {
    const a = sealSecret(key, 'p1', 'sk-secret');
    expect(sealSecret(key, 'p1', 'sk-secret')).toBe(a);
    expect(a).not.toContain('sk-secret');
    expect(openSecret(key, 'p1', a)).toBe('sk-secret');
  });

  it('refuses an envelope moved to another context or tampered with', () => {
    const a = sealSecret(key, 'p1', 'sk-secret');
    expect(() => openSecret(key, 'p2', a)).toThrow();
    const parts = a.split(':');
    parts[3] = Buffer.from('sk-other').toString('base64url');
    expect(() => openSecret(key, 'p1', parts.join(':'))).toThrow();
    expect(() => openSecret(parseSecretKey('22'.repeat(32), 'K'), 'p1', a)).toThrow();
  });

  it('names the variable when a key is malformed', () => {
    expect(() => parseSecretKey('short', 'SWITCHYARD_SNAPSHOT_KEY')).toThrow(/SWITCHYARD_SNAPSHOT_KEY/);
    expect(() => parseSecretKey(undefined, 'SWITCHYARD_MASTER_KEY')).toThrow(
      /SWITCHYARD_MASTER_KEY is required/,
    );
  });
});

describe('telemetry proto', () => {
  it('loads the service with both methods', () => {
    const v1 = loadTelemetry();
    expect(Object.keys(v1.Telemetry.service)).toEqual(['ReportUsage', 'Heartbeat']);
  });
});
