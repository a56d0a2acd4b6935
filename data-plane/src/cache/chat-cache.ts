import type { RequestContext } from '../http/request-context';
import type { ChatBody } from '../providers/adapter-types';
import type { RouteOutcome } from '../routing/router';
import type { CompiledKey, CompiledRoute } from '../snapshot/compiled';
import { traceOf } from '../telemetry/request-trace';
import type { ChunkAssembler } from './chunk-assembler';
import {
  CACHE_HEADER,
  planCache,
  type CachedAnswer,
  type CachePlan,
  type CacheResult,
} from './response-cache';

/** The cache plan of a chat request, or null when the cache is off for its route and key. */
export function cachePlanFor(
  ctx: RequestContext,
  key: CompiledKey,
  route: CompiledRoute,
  body: ChatBody,
): CachePlan | null {
  if (!ctx.services.cache) return null;
  return planCache(route.cache ?? key.cache ?? null, ctx.req.headers, key.workspaceId, route.id, body);
}

/**
 * Looks the request up and reports what the cache did: the `x-switchyard-cache` response
 * header, the usage record's `cacheStatus` (`hit`, or `miss` for misses and refreshes;
 * empty for bypasses) and the lookups metric. A provider embedder's call is recorded as a
 * sub-call of the request. Never throws; a failure is a miss.
 */
export async function consultCache(ctx: RequestContext, plan: CachePlan): Promise<CachedAnswer | null> {
  let hit: CachedAnswer | null = null;
  try {
    hit = await ctx.services.cache!.lookup(plan, ctx, traceOf(ctx));
  } catch (err) {
    ctx.services.logger.warn({ requestId: ctx.requestId, err }, 'cache lookup failed');
  }
  const result: CacheResult = plan.directive === 'use' ? (hit ? 'hit' : 'miss') : plan.directive;
  ctx.cacheStatus = result === 'bypass' ? '' : result === 'hit' ? 'hit' : 'miss';
  ctx.res.setHeader(CACHE_HEADER, result);
  ctx.services.metrics.cacheLookup(plan.routeId, result);
  return hit;
}

/** Stores a successful, complete answer (whole, or assembled from the stream the client got). */
export function rememberOutcome(
  ctx: RequestContext,
  plan: CachePlan,
  outcome: RouteOutcome,
  assembler: ChunkAssembler | null,
): void {
  const { result } = outcome;
  if (plan.directive === 'bypass' || !result.ok) return;
  // A client that left, or an answer refused after the router (e.g. by an output check), is not kept.
  if (ctx.clientClosed || ctx.status !== 200 || ctx.errorCode !== '') return;
  let completion: Record<string, unknown>;
  if (result.streamed) {
    if (result.error || !assembler) return;
    completion = assembler.completion();
  } else completion = result.completion;
  try {
    ctx.services.cache!.remember(plan, { completion, model: outcome.target?.model ?? ctx.model });
  } catch (err) {
    ctx.services.logger.warn({ requestId: ctx.requestId, err }, 'cache write failed');
  }
}
