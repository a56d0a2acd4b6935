import { canonicalJson } from '@switchyard/proto';
import type { RouteTargetInput } from '../routes/dtos/route.inputs';
import type { RouteSpec, RouteSpecInput } from '../routes/route-spec';
import type { RouteEntity } from '../routes/route.entity';
import { invalidConfig } from './config-apply.exception';
import type {
  EmbedderConfigInput,
  RouteConfigInput,
  RouteTargetConfigInput,
} from './dtos/apply-config.input';

/**
 * A declared route with provider names and route aliases replaced by ids, ready for
 * `buildRouteSpec`. A name the workspace does not have is refused with its path.
 */
export function resolveRouteNames(
  workspace: string,
  spec: RouteConfigInput,
  providerIds: Map<string, string>,
  routes: Map<string, RouteEntity>,
): RouteSpecInput {
  const path = `workspaces[${workspace}].routes[${spec.alias}]`;
  const providerId = (name: string, where: string) => {
    const id = providerIds.get(name);
    if (!id) throw invalidConfig(`${where}.provider: no provider named "${name}" in workspace ${workspace}`);
    return id;
  };
  const embedderIds = (embedder: EmbedderConfigInput | undefined, where: string) => ({
    providerId: embedder?.provider ? providerId(embedder.provider, where) : undefined,
    model: embedder?.model,
  });
  const target = (
    { provider, route, ...settings }: RouteTargetConfigInput,
    where: string,
  ): RouteTargetInput => {
    const resolved: RouteTargetInput = { ...settings };
    if (provider !== undefined) resolved.providerId = providerId(provider, where);
    if (route !== undefined) {
      const id = routes.get(route)?.id;
      if (!id) throw invalidConfig(`${where}.route: no route "${route}" in workspace ${workspace}`);
      resolved.routeId = id;
    }
    return resolved;
  };
  const out: RouteSpecInput = {
    strategy: spec.strategy ?? 'single',
    targets: spec.targets.map((t, i) => target(t, `${path}.targets[${i}]`)),
    fallback: spec.fallback,
    conditions: spec.conditions,
  };
  if (spec.semantic) {
    const { embedder, ...semantic } = spec.semantic;
    out.semantic = { ...semantic, embedder: embedderIds(embedder, `${path}.semantic.embedder`) };
  }
  if (spec.cache) {
    const { embedder, ...cache } = spec.cache;
    out.cache = {
      ...cache,
      ...(embedder && { embedder: embedderIds(embedder, `${path}.cache.embedder`) }),
    };
  }
  if (spec.ensemble) {
    const { judge, ...ensemble } = spec.ensemble;
    out.ensemble = { ...ensemble, judge: judge ? target(judge, `${path}.ensemble.judge`) : undefined };
  }
  return out;
}

/** Whether a stored route already does what a declared one says. */
export function sameRouteSpec(current: RouteSpec, desired: RouteSpec): boolean {
  const pick = (s: RouteSpec) => ({
    strategy: s.strategy,
    targets: s.targets,
    fallback: s.fallback,
    conditions: s.conditions,
    semantic: s.semantic,
    ensemble: s.ensemble,
    cache: s.cache,
  });
  return canonicalJson(pick(current)) === canonicalJson(pick(desired));
}
