import type { CompiledRoute, CompiledTarget } from '../snapshot/compiled';

/** Targets in weighted random order: each next one drawn from the rest in proportion to its weight. */
export function weightedOrder(
  targets: readonly CompiledTarget[],
  random: () => number = Math.random,
): CompiledTarget[] {
  const rest = [...targets];
  const order: CompiledTarget[] = [];
  while (rest.length > 0) {
    let total = 0;
    for (const t of rest) total += t.weight;
    let x = random() * total;
    let i = 0;
    while (i < rest.length - 1 && x >= rest[i].weight) x -= rest[i++].weight;
    order.push(rest.splice(i, 1)[0]);
  }
  return order;
}

/** A provider target's recent latency; a nested route's is its fastest target's (NaN: not measured lately). */
function latencyOf(t: CompiledTarget, now: number, depth = 0): number {
  if (t.type === 'provider') return t.health.latency.current(now);
  let best = NaN;
  if (depth < 8) {
    for (const inner of t.route.targets) {
      const l = latencyOf(inner, now, depth + 1);
      if (!Number.isNaN(l) && !(l >= best)) best = l;
    }
  }
  return best;
}

/** Targets not measured lately first (so every target gets measured again), then by observed latency. */
export function latencyOrder(targets: readonly CompiledTarget[], now = Date.now()): CompiledTarget[] {
  return [...targets].sort((a, b) => {
    const la = latencyOf(a, now);
    const lb = latencyOf(b, now);
    if (Number.isNaN(la) || Number.isNaN(lb)) return Number.isNaN(la) ? (Number.isNaN(lb) ? 0 : -1) : 1;
    return la - lb;
  });
}

function priceOf(t: CompiledTarget): number {
  if (t.type !== 'provider' || !t.price) return Infinity;
  // A typical chat turn reads about three times what it writes.
  return 3 * t.price.inputPerMTok + t.price.outputPerMTok;
}

/** Cheapest first by catalog price (targets without a known price last, in their configured order). */
export function costOrder(targets: readonly CompiledTarget[]): CompiledTarget[] {
  return [...targets].sort((a, b) => {
    const pa = priceOf(a);
    const pb = priceOf(b);
    return pa === pb ? a.index - b.index : pa < pb ? -1 : 1;
  });
}

/** The targets a request tries, in order, for strategies that need nothing from the request itself. */
export function orderedTargets(route: CompiledRoute): CompiledTarget[] {
  switch (route.strategy) {
    case 'weighted':
      return weightedOrder(route.targets);
    case 'fallback':
      return route.targets;
    case 'least-latency':
      return latencyOrder(route.targets);
    case 'lowest-cost':
      return costOrder(route.targets);
    default:
      return [route.targets[0]];
  }
}
