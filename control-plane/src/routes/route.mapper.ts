import type { SnapshotTarget } from '@switchyard/proto';
import type { RouteDto, RouteTargetDto } from './dtos/route.dto';
import type { RouteView } from './routes.service';
import { toCacheDto } from './cache-spec';

export function toRouteDto({ route, spec }: RouteView): RouteDto {
  return {
    id: route.id,
    workspaceId: route.workspaceId,
    alias: route.alias,
    strategy: spec.strategy,
    targets: spec.targets.map(toTargetDto),
    fallback: spec.fallback ?? null,
    conditions: spec.conditions
      ? {
          defaultTarget: spec.conditions.defaultTarget,
          rules: spec.conditions.rules.map((rule) => ({
            target: rule.target,
            when: rule.when.map((m) => ({ field: m.field, op: m.op, value: m.value ?? null })),
          })),
        }
      : null,
    semantic: spec.semantic
      ? {
          ...spec.semantic,
          intents: spec.semantic.intents.map((i) => ({ ...i, threshold: i.threshold ?? null })),
        }
      : null,
    ensemble: spec.ensemble
      ? {
          mode: spec.ensemble.mode,
          judge: spec.ensemble.judge ? toTargetDto(spec.ensemble.judge) : null,
          minResponses: spec.ensemble.minResponses,
          deadlineMs: spec.ensemble.deadlineMs,
          judgePrompt: spec.ensemble.judgePrompt ?? null,
        }
      : null,
    cache: spec.cache ? toCacheDto(spec.cache) : null,
    createdAt: route.createdAt,
    updatedAt: route.updatedAt,
  };
}

function toTargetDto(t: SnapshotTarget): RouteTargetDto {
  return {
    providerId: t.providerId,
    routeId: t.routeId ?? null,
    model: t.model,
    weight: t.weight ?? null,
    overrides: t.overrides ?? null,
    retry: t.retry ?? null,
    timeoutMs: t.timeoutMs ?? null,
    breaker: t.breaker ?? null,
  };
}
