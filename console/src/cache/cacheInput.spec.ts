import { cacheInput, cacheSummary } from './cacheInput';

describe('cacheInput', () => {
  it('is null without a mode, so saving turns caching off', () => {
    expect(cacheInput(null)).toBeNull();
    expect(cacheInput({ mode: '', ttlSeconds: 60 })).toBeNull();
  });

  it('leaves the semantic fields out of an exact cache', () => {
    expect(
      cacheInput({ mode: 'exact', ttlSeconds: '600' as unknown as number, threshold: 0.9, embedder: null }),
    ).toEqual({ mode: 'exact', ttlSeconds: 600 });
  });

  it('names a provider embedder, and none for the local one', () => {
    expect(
      cacheInput({
        mode: 'semantic',
        ttlSeconds: 3600,
        threshold: 0.92,
        embedder: { providerId: '', model: '' },
      }),
    ).toEqual({ mode: 'semantic', ttlSeconds: 3600, threshold: 0.92, embedder: undefined });
    expect(
      cacheInput({
        mode: 'semantic',
        ttlSeconds: 60,
        threshold: 0.8,
        embedder: { providerId: 'p1', model: ' e ' },
      }),
    ).toEqual({
      mode: 'semantic',
      ttlSeconds: 60,
      threshold: 0.8,
      embedder: { providerId: 'p1', model: 'e' },
    });
  });

  it('summarises settings in one line', () => {
    expect(cacheSummary(null)).toBe('off');
    expect(cacheSummary({ mode: 'exact', ttlSeconds: 600 })).toBe('exact · 10 min');
    expect(cacheSummary({ mode: 'semantic', ttlSeconds: 7200, threshold: 0.92 })).toBe(
      'semantic · 2 h · similarity ≥ 0.92',
    );
  });
});
