import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { cacheInput, type CacheForm } from '../cache/cacheInput';
import { jsonObjectOf, linesOf, listOf, numberOrNull, statusesOf } from '../common/textValues';
import {
  DEFAULT_RETRY_STATUSES,
  type FallbackPolicy,
  type Route,
  type RouteMatch,
  type RouteTarget,
} from '../routes/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const TARGET = `providerId routeId model weight overrides timeoutMs
  retry { attempts backoffMs maxBackoffMs onStatuses } breaker { failures windowMs cooldownMs }`;

const FIELDS = `{ id workspaceId alias strategy targets { ${TARGET} }
  fallback { onStatuses onTimeout onConnectionError }
  conditions { defaultTarget rules { target when { field op value } } }
  semantic { threshold defaultTarget onEmbedError embedder { providerId model }
    intents { name examples target threshold } }
  ensemble { mode minResponses deadlineMs judgePrompt judge { ${TARGET} } }
  cache { mode ttlSeconds threshold embedder { providerId model } }
  createdAt updatedAt }`;

/** The form's choice between the two kinds of target; the API tells them apart by which id is set. */
export type TargetKind = 'provider' | 'route';

/**
 * What the route form edits: the API's route, each target marked with its kind, and some values
 * possibly still as the text someone typed (see common/textValues).
 */
export type TargetForm = Partial<Omit<RouteTarget, 'overrides'>> & {
  kind?: TargetKind;
  overrides?: Record<string, unknown> | string | null;
};

function withKind(target: RouteTarget): RouteTarget & { kind: TargetKind } {
  return { ...target, kind: target.routeId ? 'route' : 'provider' };
}

function formRecord(route: Route): Route {
  return {
    ...route,
    targets: route.targets.map(withKind),
    ensemble: route.ensemble && {
      ...route.ensemble,
      judge: route.ensemble.judge && withKind(route.ensemble.judge),
    },
  };
}

async function list(): Promise<Route[]> {
  const query = `query { routes${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ routes: Route[] }>(query)).routes.map(formRecord);
}

const defined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Only the API's fields: form rows carry react-admin bookkeeping and the other kind's leftovers. */
function targetInput(target: TargetForm) {
  const kind = target.kind ?? (target.routeId ? 'route' : 'provider');
  const retryAttempts = numberOrNull(target.retry?.attempts);
  const breakerFailures = numberOrNull(target.breaker?.failures);
  return {
    ...(kind === 'route'
      ? { routeId: target.routeId }
      : { providerId: target.providerId, model: target.model?.trim() }),
    weight: defined(numberOrNull(target.weight)),
    overrides: defined(jsonObjectOf(target.overrides)),
    timeoutMs: defined(numberOrNull(target.timeoutMs)),
    retry:
      retryAttempts === null
        ? undefined
        : {
            attempts: retryAttempts,
            backoffMs: defined(numberOrNull(target.retry?.backoffMs)),
            maxBackoffMs: defined(numberOrNull(target.retry?.maxBackoffMs)),
            onStatuses: target.retry?.onStatuses ? statusesOf(target.retry.onStatuses) : undefined,
          },
    breaker:
      breakerFailures === null
        ? undefined
        : {
            failures: breakerFailures,
            windowMs: defined(numberOrNull(target.breaker?.windowMs)),
            cooldownMs: defined(numberOrNull(target.breaker?.cooldownMs)),
          },
  };
}

/** null (the defaults) unless the form says something else, so routes keep following the defaults. */
function fallbackInput(fallback: Partial<FallbackPolicy> | null | undefined) {
  if (!fallback) return null;
  const onStatuses = statusesOf(fallback.onStatuses ?? DEFAULT_RETRY_STATUSES);
  const policy = {
    onStatuses,
    onTimeout: fallback.onTimeout ?? true,
    onConnectionError: fallback.onConnectionError ?? true,
  };
  const isDefault =
    policy.onTimeout &&
    policy.onConnectionError &&
    [...onStatuses].sort().join() === [...DEFAULT_RETRY_STATUSES].sort().join();
  return isDefault ? null : policy;
}

/** Header and metadata values are text; numbers only where the operator compares numbers. */
function matchInput(match: RouteMatch) {
  const { field, op } = match;
  if (op === 'exists') return { field: field.trim(), op };
  if (op === 'in' || op === 'nin') return { field: field.trim(), op, value: listOf(match.value) };
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) return { field: field.trim(), op, value: Number(match.value) };
  const value = typeof match.value === 'string' ? match.value : (match.value ?? '');
  return { field: field.trim(), op, value };
}

type RouteForm = Partial<Omit<Route, 'targets' | 'cache'>> & {
  targets?: TargetForm[];
  cache?: CacheForm | null;
};

/**
 * The strategy's own block, and null for the blocks of the other strategies (so they are removed);
 * the cache settings, null when off.
 */
function settingsInput(data: RouteForm) {
  const { strategy } = data;
  const conditions =
    strategy === 'conditional' && data.conditions
      ? {
          defaultTarget: Number(data.conditions.defaultTarget ?? 0),
          rules: (data.conditions.rules ?? []).map((rule) => ({
            target: Number(rule.target),
            when: (rule.when ?? []).map(matchInput),
          })),
        }
      : null;
  const semantic =
    strategy === 'semantic' && data.semantic
      ? {
          threshold: Number(data.semantic.threshold),
          defaultTarget: numberOrNull(data.semantic.defaultTarget),
          onEmbedError: data.semantic.onEmbedError || undefined,
          embedder: data.semantic.embedder?.providerId
            ? { providerId: data.semantic.embedder.providerId, model: data.semantic.embedder.model ?? '' }
            : undefined,
          intents: (data.semantic.intents ?? []).map((intent) => ({
            name: intent.name,
            target: Number(intent.target),
            threshold: defined(numberOrNull(intent.threshold)),
            examples: linesOf(intent.examples),
          })),
        }
      : null;
  const needsJudge = data.ensemble?.mode === 'synthesize' || data.ensemble?.mode === 'select';
  const ensemble =
    strategy === 'ensemble' && data.ensemble
      ? {
          mode: data.ensemble.mode,
          minResponses: defined(numberOrNull(data.ensemble.minResponses)),
          deadlineMs: defined(numberOrNull(data.ensemble.deadlineMs)),
          judgePrompt: data.ensemble.judgePrompt?.trim() || undefined,
          judge: needsJudge && data.ensemble.judge ? targetInput(data.ensemble.judge) : undefined,
        }
      : null;
  return {
    fallback: fallbackInput(data.fallback),
    conditions,
    semantic,
    ensemble,
    cache: cacheInput(data.cache),
  };
}

/** On create, an absent block is simply not sent; on update null removes it. */
const omitNulls = <T extends Record<string, unknown>>(input: T) =>
  Object.fromEntries(Object.entries(input).map(([key, value]) => [key, value ?? undefined]));

export const routes: ResourceHandler<Route> = {
  list,
  getOne: (id) => findIn(list, 'Route', id),
  create: async (data: RouteForm) =>
    formRecord(
      await mutate<Route>(
        'createRoute',
        {
          workspaceId: requireWorkspaceId(),
          alias: data.alias,
          strategy: data.strategy || undefined,
          targets: (data.targets ?? []).map(targetInput),
          ...omitNulls(settingsInput(data)),
        },
        FIELDS,
      ),
    ),
  update: async (id, data: RouteForm) =>
    formRecord(
      await mutate<Route>(
        'updateRoute',
        {
          workspaceId: requireWorkspaceId(),
          id: String(id),
          alias: data.alias,
          strategy: data.strategy,
          targets: data.targets?.map(targetInput),
          ...settingsInput(data),
        },
        FIELDS,
      ),
    ),
  delete: (id) => mutateIgnoringResult('deleteRoute', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
