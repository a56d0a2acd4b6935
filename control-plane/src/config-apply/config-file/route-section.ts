import type { RouteDocument, TargetDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

const TARGET_SETTINGS = ['weight', 'overrides', 'retry', 'timeoutMs', 'breaker'];
const ROUTE_BLOCKS = ['fallback', 'conditions', 'semantic', 'ensemble', 'cache'];

/** One entry of a workspace's `routes:`; its targets are checked field by field, its blocks pass through. */
export function readRoute(r: ConfigReader, value: unknown, path: string): RouteDocument {
  const m = r.mapping(value, path, ['alias', 'strategy', 'targets', ...ROUTE_BLOCKS]);
  const route: RouteDocument = {
    alias: r.str(m.alias, `${path}.alias`),
    ...r.optionalStr(m.strategy, 'strategy', `${path}.strategy`),
    targets: r.listOf(m.targets, `${path}.targets`, (t, tp) => readTarget(r, t, tp)),
  };
  for (const block of ROUTE_BLOCKS) {
    if (m[block] === undefined || m[block] === null) continue;
    const bp = `${path}.${block}`;
    const settings = r.mapping(m[block], bp, null);
    // The judge is a target: it names a provider or route like the others.
    route[block] =
      block === 'ensemble' && settings.judge != null
        ? { ...r.json(settings, bp), judge: readTarget(r, settings.judge, `${bp}.judge`) }
        : r.json(settings, bp);
  }
  return route;
}

function readTarget(r: ConfigReader, value: unknown, path: string): TargetDocument {
  const m = r.mapping(value, path, ['provider', 'route', 'model', ...TARGET_SETTINGS]);
  const target: TargetDocument = {
    ...r.optionalStr(m.provider, 'provider', `${path}.provider`),
    ...r.optionalStr(m.route, 'route', `${path}.route`),
    ...r.optionalStr(m.model, 'model', `${path}.model`),
  };
  for (const key of TARGET_SETTINGS) {
    if (m[key] !== undefined && m[key] !== null) target[key] = r.json(m[key], `${path}.${key}`);
  }
  return target;
}
