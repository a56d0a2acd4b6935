import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  hashKeySecret,
  parseSecretKey,
  sealSecret,
  snapshotHash,
  type Snapshot,
  type SnapshotContent,
} from '@switchyard/proto';
import { authenticate } from '../auth/authenticate';
import { GatewayError } from '../errors';
import { PROVIDER_ADAPTERS } from '../providers/registry';
import { UpstreamPools } from '../providers/upstream-pools';
import { SnapshotFile } from './snapshot-file';
import { Embedders } from '../routing/semantic/embedders';
import { HealthRegistry } from '../routing/target-health';
import type { ProviderTarget } from './compiled';
import { SnapshotStore } from './snapshot-store';

const key = parseSecretKey('33'.repeat(32), 'TEST');
const pools = new UpstreamPools();
afterAll(() => pools.closeAll());

function content(keys: SnapshotContent['keys'] = []): SnapshotContent {
  return {
    workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo' }],
    providers: [
      {
        id: 'p1',
        workspaceId: 'w1',
        name: 'openai',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:9001/v1/',
        credentials: sealSecret(key, 'p1', JSON.stringify({ apiKey: 'sk-1', headers: { 'X-Extra': 'yes' } })),
      },
      {
        id: 'p2',
        workspaceId: 'w1',
        name: 'later',
        kind: 'bedrock',
        baseUrl: 'https://x.test',
        credentials: null,
      },
    ],
    routes: [
      {
        id: 'r1',
        workspaceId: 'w1',
        alias: 'fast',
        strategy: 'single',
        targets: [{ providerId: 'p1', model: 'm1' }],
      },
      {
        id: 'r2',
        workspaceId: 'w1',
        alias: 'new',
        strategy: 'single',
        targets: [{ providerId: 'p2', model: 'm2' }],
      },
    ],
    keys,
  };
}

const keyAll = {
  id: 'k1',
  workspaceId: 'w1',
  name: 'a',
  hash: hashKeySecret('s1'),
  expiresAt: null,
  allowedRouteIds: null,
};
const keyFast = { ...keyAll, id: 'k2', hash: hashKeySecret('s2'), allowedRouteIds: ['r1'] };
const keyOld = { ...keyAll, id: 'k3', hash: hashKeySecret('s3'), expiresAt: '2021-01-01T00:00:00Z' };

function snapshot(c: SnapshotContent, version: number): string {
  const s: Snapshot = {
    schemaVersion: 1,
    version,
    hash: snapshotHash(c),
    createdAt: '2026-01-01T00:00:00Z',
    content: c,
  };
  return JSON.stringify(s);
}

function newStore() {
  const dir = mkdtempSync(join(tmpdir(), 'sy-store-'));
  const file = new SnapshotFile(dir);
  const store = new SnapshotStore({
    snapshotKey: key,
    file,
    deps: {
      pools,
      adapters: PROVIDER_ADAPTERS,
      health: new HealthRegistry(),
      embedders: new Embedders(1000),
    },
    logger: pino({ level: 'silent' }),
  });
  return { store, file };
}

describe('SnapshotStore', () => {
  it('compiles keys, routes and providers into lookup tables', () => {
    const { store } = newStore();
    expect(store.apply(snapshot(content([keyAll, keyFast, keyOld]), 1), 'nats')).toBe('applied');
    const config = store.current!;
    const all = authenticate('Bearer s1', config, Date.now());
    expect([...all.routes.keys()]).toEqual(['fast', 'new']);
    const fast = all.routes.get('fast')!;
    expect(fast).toMatchObject({ id: 'r1', strategy: 'single' });
    const target = fast.targets[0] as ProviderTarget;
    expect(target).toMatchObject({ type: 'provider', model: 'm1', label: 'openai/m1' });
    expect(target.provider).toMatchObject({
      origin: 'http://127.0.0.1:9001',
      state: {
        chatPath: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-1', 'x-extra': 'yes' },
      },
    });
    // An unknown kind: only that route fails.
    expect((all.routes.get('new')!.targets[0] as ProviderTarget).provider.adapter).toBeNull();
    expect([...authenticate('bearer s2', config, Date.now()).routes.keys()]).toEqual(['fast']);
    expect(() => authenticate('Bearer s3', config, Date.now())).toThrow(
      expect.objectContaining({ code: 'expired_api_key' }) as GatewayError,
    );
    expect(() => authenticate('Bearer nope', config, Date.now())).toThrow(
      expect.objectContaining({ code: 'invalid_api_key' }) as GatewayError,
    );
    expect(() => authenticate('Basic s1', config, Date.now())).toThrow(
      expect.objectContaining({ code: 'missing_api_key' }) as GatewayError,
    );
    expect(() => authenticate(undefined, config, Date.now())).toThrow(
      expect.objectContaining({ code: 'missing_api_key' }) as GatewayError,
    );
  });

  it('skips an equal hash, and rejects older versions and bad snapshots without touching the running one', () => {
    const { store } = newStore();
    store.apply(snapshot(content([keyAll]), 2), 'nats');
    const running = store.current;
    expect(store.apply(snapshot(content([keyAll]), 3), 'nats')).toBe('unchanged');
    expect(store.apply(snapshot(content([]), 2), 'nats')).toBe('rejected');
    expect(store.lastError).toMatch(/version 2 is not newer than the running version 2/);
    const badCreds = content([]);
    badCreds.providers[0].credentials = sealSecret(parseSecretKey('44'.repeat(32), 'K'), 'p1', '{}');
    expect(store.apply(snapshot(badCreds, 9), 'nats')).toBe('rejected');
    expect(store.lastError).toMatch(/credentials of provider p1 cannot be decrypted/);
    const badHeader = content([]);
    badHeader.providers[0].credentials = sealSecret(
      key,
      'p1',
      JSON.stringify({ headers: { 'Bad Header': 'x' } }),
    );
    expect(store.apply(snapshot(badHeader, 9), 'nats')).toBe('rejected');
    expect(store.current).toBe(running);
    expect(store.apply(snapshot(content([]), 4), 'nats')).toBe('applied');
    expect(store.lastError).toBe('');
  });

  it('keeps only the newest pending snapshot and writes the applied one to disk', async () => {
    const { store, file } = newStore();
    store.offer(snapshot(content([keyAll]), 1)); // applied at once; its disk write is now in progress
    store.offer(snapshot(content([keyFast]), 2)); // superseded before anyone looks at it…
    store.offer('{"broken"'); // …as is this one (it would set lastError if it were handled)
    store.offer(snapshot(content([keyAll, keyFast]), 3));
    await store.settled();
    expect(store.current!.version).toBe(3);
    expect(store.lastError).toBe('');
    expect(JSON.parse(readFileSync(file.path, 'utf8')).version).toBe(3);
  });
});
