import { localEmbed } from '../routing/semantic/local-embedder';
import { VectorIndex } from './vector-index';

const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

describe('VectorIndex', () => {
  it('finds the most similar vector of the same context above the threshold, and nothing else', () => {
    const index = new VectorIndex(100);
    index.add('a', 'france', localEmbed('What is the capital of France?'), FAR_FUTURE);
    index.add('a', 'bread', localEmbed('How do I bake sourdough bread?'), FAR_FUTURE);
    index.add('b', 'other-context', localEmbed('what is the capital city of France'), FAR_FUTURE);
    const query = localEmbed('what is the capital city of France');
    expect(index.best('a', query, 0.85)?.id).toBe('france');
    expect(index.best('a', localEmbed('What is the capital of Germany?'), 0.85)).toBeNull();
    expect(index.best('c', query, 0.1)).toBeNull();
  });

  it('forgets expired, removed and (past its bound) the oldest vectors', () => {
    const index = new VectorIndex(2);
    const v = localEmbed('hello there');
    index.add('a', 'old', v, 1000);
    expect(index.best('a', v, 0.9, 999)?.id).toBe('old');
    expect(index.best('a', v, 0.9, 1000)).toBeNull();
    expect(index.size).toBe(0);
    index.add('a', 'x', v, FAR_FUTURE);
    index.add('a', 'y', localEmbed('general kenobi'), FAR_FUTURE);
    index.add('a', 'z', localEmbed('hello there!'), FAR_FUTURE);
    expect(index.size).toBe(2);
    expect(index.best('a', v, 0.9)?.id).toBe('z');
    index.remove('z');
    expect(index.best('a', v, 0.9)).toBeNull();
  });

  it('still finds near neighbours once a partition is large enough for LSH tables', () => {
    const index = new VectorIndex(10_000);
    for (let i = 0; i < 2000; i++)
      index.add('a', `q${i}`, localEmbed(`question number ${i} about topic ${i * 7}`), FAR_FUTURE);
    let found = 0;
    for (let i = 0; i < 100; i++) {
      const match = index.best('a', localEmbed(`question number ${i} about topic ${i * 7}`), 0.99);
      if (match?.id === `q${i}`) found++;
    }
    expect(found).toBeGreaterThanOrEqual(95);
  });
});
