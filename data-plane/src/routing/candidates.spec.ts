import type { CompiledRoute, CompiledTarget } from '../snapshot/compiled';
import { costOrder, latencyOrder, weightedOrder } from './candidates';
import { LatencyEwma } from './target-health';

function provider(
  index: number,
  latencyMs: number | null,
  price: [number, number] | null = null,
): CompiledTarget {
  const latency = new LatencyEwma();
  if (latencyMs !== null) latency.observe(latencyMs, 1000);
  return {
    type: 'provider',
    index,
    weight: 1,
    health: { key: `p/${index}`, latency, breaker: null },
    price: price && {
      inputPerMTok: price[0],
      outputPerMTok: price[1],
      cachedInputPerMTok: null,
      contextWindow: null,
      source: 'catalog',
    },
  } as unknown as CompiledTarget;
}

function nested(index: number, targets: CompiledTarget[]): CompiledTarget {
  return {
    type: 'route',
    index,
    weight: 1,
    route: { targets } as CompiledRoute,
  } as unknown as CompiledTarget;
}

const indexes = (ts: CompiledTarget[]) => ts.map((t) => t.index);

describe('candidate orders', () => {
  it('least-latency: unmeasured first, then fastest; a nested route counts as its fastest target', () => {
    const order = latencyOrder(
      [provider(0, 300), provider(1, 100), nested(2, [provider(9, 200), provider(8, 50)]), provider(3, null)],
      1500,
    );
    expect(indexes(order)).toEqual([3, 2, 1, 0]);
    // Measurements go stale: long after, every target is measured again (configured order kept).
    expect(indexes(latencyOrder([provider(0, 300), provider(1, 100)], 1000 + 31_000))).toEqual([0, 1]);
  });

  it('lowest-cost: cheapest first, unknown prices last in configured order', () => {
    const order = costOrder([
      provider(0, null, null),
      provider(1, null, [2_500_000, 10_000_000]),
      provider(2, null, [150_000, 600_000]),
      provider(3, null, null),
    ]);
    expect(indexes(order)).toEqual([2, 1, 0, 3]);
  });

  it('weighted: draws in proportion to weight, every target once', () => {
    const targets = [provider(0, null), provider(1, null), provider(2, null)];
    targets[1].weight = 8;
    expect(indexes(weightedOrder(targets, () => 0.5))[0]).toBe(1);
    expect(indexes(weightedOrder(targets, () => 0)).sort()).toEqual([0, 1, 2]);
  });
});
