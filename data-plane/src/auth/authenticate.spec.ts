import { hashKeySecret } from '@switchyard/proto';
import type { CompiledKey, CompiledRoute, RuntimeConfig } from '../snapshot/compiled';
import { authenticate } from './authenticate';

function configWith(keys: Record<string, Partial<CompiledKey>>): RuntimeConfig {
  const keysByHash = new Map<string, CompiledKey>();
  for (const [secret, key] of Object.entries(keys)) {
    keysByHash.set(hashKeySecret(secret), {
      id: secret,
      name: secret,
      workspaceId: 'w1',
      workspaceSlug: 'demo',
      expiresAtMs: Infinity,
      routes: new Map<string, CompiledRoute>(),
      ...key,
    });
  }
  return { version: 1, hash: 'h', createdAtSec: 0, keysByHash, routesById: new Map(), origins: new Set() };
}

const config = configWith({ 'sy-live': {}, 'sy-expiring': { expiresAtMs: 1_000 } });

describe('authenticate', () => {
  it('finds a key by the hash of its secret, whatever the case of "Bearer"', () => {
    expect(authenticate('Bearer sy-live', config, 0).id).toBe('sy-live');
    expect(authenticate('bearer  sy-live ', config, 0).id).toBe('sy-live');
  });

  it.each([
    [undefined, 'missing_api_key'],
    ['', 'missing_api_key'],
    ['Bearer ', 'missing_api_key'],
    ['Basic dXNlcjpwYXNz', 'missing_api_key'],
    ['sy-live', 'missing_api_key'],
    ['Bearer sy-unknown', 'invalid_api_key'],
  ])('refuses %p with %s', (header, code) => {
    expect(() => authenticate(header, config, 0)).toThrow(expect.objectContaining({ code, status: 401 }));
  });

  it('refuses a key from its expiry on', () => {
    expect(authenticate('Bearer sy-expiring', config, 999).id).toBe('sy-expiring');
    expect(() => authenticate('Bearer sy-expiring', config, 1_000)).toThrow(
      expect.objectContaining({ code: 'expired_api_key' }),
    );
  });
});
