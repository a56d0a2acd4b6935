import type {
  MatchOperator,
  RouteStrategy,
  SnapshotBreaker,
  SnapshotConditions,
  SnapshotEnsemble,
  SnapshotFallbackPolicy,
  SnapshotRetry,
  SnapshotRoute,
  SnapshotSemantic,
  SnapshotTarget,
} from '@switchyard/proto';
import type {
  CircuitBreakerInput,
  FallbackPolicyInput,
  RetryPolicyInput,
  RouteConditionsInput,
} from './dtos/route-settings.inputs';
import { DEFAULT_RETRY_STATUSES } from './dtos/route-settings.inputs';
import type { EnsembleSettingsInput, RouteTargetInput, SemanticRoutingInput } from './dtos/route.inputs';
import type { RouteTargetEntity } from './route-target.entity';
import type { RouteEntity } from './route.entity';
import type { CacheSettingsInput } from './dtos/cache-settings.inputs';
import { buildCacheSpec } from './cache-spec';
import { RouteException, RouteExceptionCode } from './route.exception';

/**
 * What a route does, in the snapshot's shape with defaults applied: the one form that is
 * stored, compiled, compared (declarative apply) and returned. Optional fields are absent
 * rather than undefined or null, so equal config serialises equally.
 */
export type RouteSpec = Pick<
  SnapshotRoute,
  'strategy' | 'targets' | 'fallback' | 'conditions' | 'semantic' | 'ensemble' | 'cache'
>;

/** A route write with references already resolved to ids (GraphQL gives ids, YAML names). */
export interface RouteSpecInput {
  strategy: string;
  targets: RouteTargetInput[];
  fallback?: FallbackPolicyInput | null;
  conditions?: RouteConditionsInput | null;
  semantic?: SemanticRoutingInput | null;
  ensemble?: EnsembleSettingsInput | null;
  cache?: CacheSettingsInput | null;
}

const DEFAULT_ENSEMBLE_DEADLINE_MS = 30_000;

/** Input to spec: defaults filled in, each target checked to point at exactly one thing. */
export function buildRouteSpec(input: RouteSpecInput): RouteSpec {
  const spec: RouteSpec = {
    strategy: input.strategy as RouteStrategy,
    targets: buildTargets(input.targets),
  };
  if (input.fallback) spec.fallback = buildFallback(input.fallback);
  if (input.conditions) spec.conditions = buildConditions(input.conditions);
  if (input.semantic) spec.semantic = buildSemantic(input.semantic);
  if (input.ensemble) spec.ensemble = buildEnsemble(input.ensemble);
  if (input.cache) spec.cache = buildCacheSpec(input.cache);
  return spec;
}

/**
 * `current` with the fields `input` carries replaced: an omitted field keeps its value,
 * null clears a block (what `updateRoute` means).
 */
export function mergeRouteSpec(current: RouteSpec, input: Partial<RouteSpecInput>): RouteSpec {
  const next: RouteSpec = {
    strategy: (input.strategy ?? current.strategy) as RouteStrategy,
    targets: input.targets ? buildTargets(input.targets) : current.targets,
  };
  const block = <K extends 'fallback' | 'conditions' | 'semantic' | 'ensemble' | 'cache', I>(
    key: K,
    value: I | null | undefined,
    build: (value: I) => NonNullable<RouteSpec[K]>,
  ) => {
    const result = value === undefined ? current[key] : value === null ? undefined : build(value);
    if (result !== undefined) next[key] = result;
  };
  block('fallback', input.fallback, buildFallback);
  block('conditions', input.conditions, buildConditions);
  block('semantic', input.semantic, buildSemantic);
  block('ensemble', input.ensemble, buildEnsemble);
  block('cache', input.cache, buildCacheSpec);
  return next;
}

export function buildTargets(targets: RouteTargetInput[]): SnapshotTarget[] {
  return targets.map((t, i) => snapshotTarget(t, `target ${i}`));
}

function buildFallback(f: FallbackPolicyInput): SnapshotFallbackPolicy {
  return {
    onStatuses: f.onStatuses ?? DEFAULT_RETRY_STATUSES,
    onTimeout: f.onTimeout ?? true,
    onConnectionError: f.onConnectionError ?? true,
  };
}

function buildConditions(c: RouteConditionsInput): SnapshotConditions {
  return {
    rules: c.rules.map((rule) => ({
      when: rule.when.map((m) => ({
        field: m.field,
        op: m.op as MatchOperator,
        ...(m.value === undefined || m.value === null ? {} : { value: m.value }),
      })),
      target: rule.target,
    })),
    defaultTarget: c.defaultTarget ?? 0,
  };
}

function snapshotTarget(t: RouteTargetInput, where: string): SnapshotTarget {
  const providerId = t.providerId ?? null;
  const routeId = t.routeId ?? null;
  if ((providerId === null) === (routeId === null))
    throw invalidTarget(`${where} must name exactly one of a provider and a route`);
  if (providerId !== null && !t.model) throw invalidTarget(`${where} names a provider but no model`);
  if (routeId !== null && t.model) throw invalidTarget(`${where} names a route, which takes no model`);
  const target: SnapshotTarget = { providerId, model: providerId !== null ? t.model! : '' };
  if (routeId !== null) target.routeId = routeId;
  if (t.weight != null) target.weight = t.weight;
  if (t.overrides != null) target.overrides = t.overrides;
  if (t.retry != null) target.retry = retrySpec(t.retry);
  if (t.timeoutMs != null) target.timeoutMs = t.timeoutMs;
  if (t.breaker != null) target.breaker = breakerSpec(t.breaker);
  return target;
}

function retrySpec(r: RetryPolicyInput): SnapshotRetry {
  return {
    attempts: r.attempts,
    backoffMs: r.backoffMs ?? 250,
    maxBackoffMs: r.maxBackoffMs ?? 10_000,
    onStatuses: r.onStatuses ?? DEFAULT_RETRY_STATUSES,
  };
}

function breakerSpec(b: CircuitBreakerInput): SnapshotBreaker {
  return { failures: b.failures ?? 5, windowMs: b.windowMs ?? 60_000, cooldownMs: b.cooldownMs ?? 30_000 };
}

function buildSemantic(s: SemanticRoutingInput): SnapshotSemantic {
  return {
    embedder: { providerId: s.embedder?.providerId ?? null, model: s.embedder?.model ?? '' },
    threshold: s.threshold,
    intents: s.intents.map((intent) => ({
      name: intent.name,
      examples: intent.examples,
      target: intent.target,
      ...(intent.threshold == null ? {} : { threshold: intent.threshold }),
    })),
    defaultTarget: s.defaultTarget ?? null,
    onEmbedError: s.onEmbedError ?? 'default',
  };
}

function buildEnsemble(e: EnsembleSettingsInput): SnapshotEnsemble {
  const ensemble: SnapshotEnsemble = {
    mode: e.mode,
    minResponses: e.minResponses ?? 1,
    deadlineMs: e.deadlineMs ?? DEFAULT_ENSEMBLE_DEADLINE_MS,
  };
  if (e.judge) ensemble.judge = snapshotTarget(e.judge, 'the judge');
  if (e.judgePrompt) ensemble.judgePrompt = e.judgePrompt;
  return ensemble;
}

function invalidTarget(message: string): RouteException {
  return new RouteException(message, RouteExceptionCode.INVALID_TARGET);
}

/** A stored route and its ordered target rows, as the snapshot carries it. */
export function toSnapshotRoute(route: RouteEntity, targets: RouteTargetEntity[]): SnapshotRoute {
  const out: SnapshotRoute = {
    id: route.id,
    workspaceId: route.workspaceId,
    alias: route.alias,
    strategy: route.strategy as RouteStrategy,
    targets: targets.map(targetFromRow),
  };
  if (route.fallback) out.fallback = route.fallback;
  if (route.conditions) out.conditions = route.conditions;
  if (route.semantic) out.semantic = route.semantic;
  if (route.ensemble) out.ensemble = route.ensemble;
  if (route.cache) out.cache = route.cache;
  return out;
}

function targetFromRow(row: RouteTargetEntity): SnapshotTarget {
  const target: SnapshotTarget = { providerId: row.providerId, model: row.model };
  if (row.targetRouteId !== null) target.routeId = row.targetRouteId;
  if (row.weight !== null) target.weight = row.weight;
  if (row.overrides !== null) target.overrides = row.overrides;
  if (row.retry !== null) target.retry = row.retry;
  if (row.timeoutMs !== null) target.timeoutMs = row.timeoutMs;
  if (row.breaker !== null) target.breaker = row.breaker;
  return target;
}

/** The target rows that store `spec.targets` for a route. */
export function targetRows(routeId: string, spec: RouteSpec): RouteTargetEntity[] {
  return spec.targets.map((t, position) => ({
    routeId,
    position,
    providerId: t.providerId,
    targetRouteId: t.routeId ?? null,
    model: t.model,
    weight: t.weight ?? null,
    overrides: t.overrides ?? null,
    retry: t.retry ?? null,
    timeoutMs: t.timeoutMs ?? null,
    breaker: t.breaker ?? null,
  }));
}

/** Every provider and route id a spec refers to (targets, judge, embedder). */
export function specReferences(spec: RouteSpec): { providerIds: string[]; routeIds: string[] } {
  const targets = [...spec.targets, ...(spec.ensemble?.judge ? [spec.ensemble.judge] : [])];
  const providerIds = targets.flatMap((t) => (t.providerId ? [t.providerId] : []));
  const embedder = spec.semantic?.embedder.providerId;
  if (embedder) providerIds.push(embedder);
  const cacheEmbedder = spec.cache?.embedder?.providerId;
  if (cacheEmbedder) providerIds.push(cacheEmbedder);
  const routeIds = targets.flatMap((t) => (t.routeId ? [t.routeId] : []));
  return { providerIds: [...new Set(providerIds)], routeIds: [...new Set(routeIds)] };
}
