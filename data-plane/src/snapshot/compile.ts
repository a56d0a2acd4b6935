import {
  buildPriceTable,
  type ExternalCheckFactory,
  openSecret,
  type PriceTable,
  type ProviderCredentials,
  type Snapshot,
  type SnapshotCache,
  type SnapshotEmbedder,
  type SnapshotFallbackPolicy,
  type SnapshotProvider,
  type SnapshotRoute,
  type SnapshotTarget,
} from '@switchyard/proto';
import type { CompiledCache } from '../cache/response-cache';
import type { ProviderAdapter } from '../providers/adapter-types';
import { compileMcp } from '../mcp/mcp-config';
import { externalChecks } from '../guardrails/external-checks';
import { GuardrailIndex } from '../guardrails/guardrail-index';
import { RateLimitIndex } from '../governance/rate-limit-spec';
import { PromptIndex } from '../prompts/prompt-index';
import { compileBudgets } from '../governance/budget-index';
import type { UpstreamPools } from '../providers/upstream-pools';
import { compileConditions } from '../routing/conditions';
import type { EmbedderFactory } from '../routing/semantic/embedders';
import { SemanticIndex, type Embed } from '../routing/semantic/semantic-index';
import type { HealthRegistry } from '../routing/target-health';
import { costFunction } from '../usage/pricing';
import type { CompiledKey, CompiledProvider, CompiledRoute, CompiledTarget, RuntimeConfig } from './compiled';

/** Why a snapshot cannot be applied; the message never contains a secret. */
export class SnapshotRejected extends Error {
  override name = 'SnapshotRejected';
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Set by the gateway itself; credentials may not override them.
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
]);

function openCredentials(key: Buffer, provider: SnapshotProvider): ProviderCredentials {
  if (provider.credentials === null) return {};
  let plain: string;
  try {
    plain = openSecret(key, provider.id, provider.credentials);
  } catch {
    throw new SnapshotRejected(
      `credentials of provider ${provider.id} cannot be decrypted with this node's snapshot key`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    throw new SnapshotRejected(`credentials of provider ${provider.id} are not JSON`);
  }
  const creds = value as ProviderCredentials;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new SnapshotRejected(`credentials of provider ${provider.id} are not an object`);
  }
  if (creds.apiKey !== undefined && (typeof creds.apiKey !== 'string' || !HEADER_VALUE.test(creds.apiKey))) {
    throw new SnapshotRejected(`credentials of provider ${provider.id}: apiKey must be a header-safe string`);
  }
  if (creds.headers !== undefined) {
    if (!creds.headers || typeof creds.headers !== 'object' || Array.isArray(creds.headers)) {
      throw new SnapshotRejected(`credentials of provider ${provider.id}: headers must be an object`);
    }
    for (const [name, v] of Object.entries(creds.headers)) {
      if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
        throw new SnapshotRejected(
          `credentials of provider ${provider.id}: header name "${name}" is not allowed`,
        );
      }
      if (typeof v !== 'string' || !HEADER_VALUE.test(v)) {
        throw new SnapshotRejected(
          `credentials of provider ${provider.id}: header ${name} must be a header-safe string`,
        );
      }
    }
  }
  return creds;
}

/** What compiling a snapshot needs from the node. */
export interface CompileDeps {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  pools: UpstreamPools;
  health: HealthRegistry;
  embedders: EmbedderFactory;
  /** Builds external guardrail checks (webhook, LLM judge); the node's own when absent. */
  guardrailChecks?: ExternalCheckFactory;
}

/** What moves a failed attempt on to the next target when a route does not say. */
export const DEFAULT_FALLBACK: SnapshotFallbackPolicy = {
  onStatuses: [429, 500, 502, 503, 504],
  onTimeout: true,
  onConnectionError: true,
};

function compileProvider(
  provider: SnapshotProvider,
  creds: ProviderCredentials,
  deps: CompileDeps,
): CompiledProvider {
  const url = new URL(provider.baseUrl);
  const adapter = deps.adapters.get(provider.kind) ?? null;
  let state: unknown = null;
  let problem: string | null = null;
  if (adapter) {
    try {
      state = adapter.prepare({
        id: provider.id,
        workspaceId: provider.workspaceId,
        name: provider.name,
        kind: provider.kind,
        baseUrl: url,
        basePath: url.pathname.replace(/\/+$/, ''),
        credentials: creds,
        options: provider.options ?? {},
      });
    } catch (err) {
      // One misconfigured account must not hold back the rest of the config: its targets fail instead.
      problem = `${provider.name} (${provider.kind}) is misconfigured: ${(err as Error).message}`;
    }
  }
  return {
    id: provider.id,
    name: provider.name,
    workspaceId: provider.workspaceId,
    kind: provider.kind,
    adapter: problem === null ? adapter : null,
    problem,
    state,
    origin: url.origin,
    dispatcher: deps.pools.acquire(url.origin),
    anyOrigin: deps.pools.anyOrigin(),
  };
}

/**
 * Compiles a validated snapshot into the lookup tables the hot path reads: key hash → key,
 * and per key alias → route with its targets (providers with decrypted credentials and
 * pooled clients, nested routes, compiled rules, semantic indexes, prices). Every
 * credential is decrypted here, so one that fails rejects the whole snapshot before
 * anything is swapped in. Unknown provider kinds do not reject it (see `CompiledProvider`).
 */
export function compileSnapshot(snapshot: Snapshot, snapshotKey: Buffer, deps: CompileDeps): RuntimeConfig {
  const { content } = snapshot;
  const providers = new Map<string, CompiledProvider>();
  const origins = new Set<string>();
  for (const p of content.providers) {
    const compiled = compileProvider(p, openCredentials(snapshotKey, p), deps);
    providers.set(p.id, compiled);
    origins.add(compiled.origin);
  }
  const prices = buildPriceTable(content.modelPrices ?? []);

  // Routes first as shells, so targets can point at routes compiled later (validation has ruled out cycles).
  const routesById = new Map<string, CompiledRoute>();
  for (const r of content.routes) {
    routesById.set(r.id, {
      id: r.id,
      workspaceId: r.workspaceId,
      alias: r.alias,
      strategy: r.strategy,
      targets: [],
      fallback: r.fallback ?? DEFAULT_FALLBACK,
      pick: r.conditions ? compileConditions(r.conditions) : null,
      semantic: null,
      ensemble: null,
    });
  }
  const embedder = (e: SnapshotEmbedder) => compileEmbedder(e, providers, prices, deps);
  const target = (t: SnapshotTarget, index: number): CompiledTarget => {
    const common = { index, weight: t.weight ?? 1, overrides: t.overrides ?? null };
    if (t.routeId) {
      const route = routesById.get(t.routeId)!;
      return { ...common, type: 'route', route, label: `route:${route.alias}` };
    }
    const provider = providers.get(t.providerId ?? '')!;
    const price = prices.price(provider.workspaceId, provider.kind, t.model);
    return {
      ...common,
      type: 'provider',
      provider,
      model: t.model,
      retry: t.retry ?? null,
      timeoutMs: t.timeoutMs ?? 0,
      health: deps.health.for(provider.id, t.model, t.breaker),
      price,
      costOf: costFunction(price),
      label: `${provider.name}/${t.model}`,
    };
  };
  for (const r of content.routes) {
    const route = routesById.get(r.id)!;
    route.targets = r.targets.map(target);
    route.semantic = r.semantic ? compileSemantic(r, embedder) : null;
    route.cache = compileCache(r.cache, embedder);
    if (r.ensemble) {
      route.ensemble = {
        mode: r.ensemble.mode,
        judge: r.ensemble.judge ? target(r.ensemble.judge, -1) : null,
        minResponses: r.ensemble.minResponses,
        deadlineMs: r.ensemble.deadlineMs,
        judgePrompt: r.ensemble.judgePrompt ?? null,
      };
    }
  }

  const routesByWorkspace = new Map<string, Map<string, CompiledRoute>>();
  for (const route of routesById.values()) {
    let aliases = routesByWorkspace.get(route.workspaceId);
    if (!aliases) routesByWorkspace.set(route.workspaceId, (aliases = new Map()));
    aliases.set(route.alias, route);
  }
  const slugs = new Map(content.workspaces.map((w) => [w.id, w.slug]));
  const logging = new Set(content.workspaces.filter((w) => w.logPayloads).map((w) => w.id));
  const noRoutes: ReadonlyMap<string, CompiledRoute> = new Map();
  const keysByHash = new Map<string, CompiledKey>();
  for (const k of content.keys) {
    let routes: ReadonlyMap<string, CompiledRoute>;
    if (k.allowedRouteIds === null) routes = routesByWorkspace.get(k.workspaceId) ?? noRoutes;
    else {
      const allowed = new Map<string, CompiledRoute>();
      for (const id of k.allowedRouteIds) {
        const route = routesById.get(id)!;
        allowed.set(route.alias, route);
      }
      routes = allowed;
    }
    keysByHash.set(k.hash, {
      id: k.id,
      name: k.name,
      workspaceId: k.workspaceId,
      workspaceSlug: slugs.get(k.workspaceId) ?? '',
      logPayloads: logging.has(k.workspaceId),
      expiresAtMs: k.expiresAt === null ? Infinity : Date.parse(k.expiresAt),
      routes,
      cache: compileCache(k.cache, embedder),
    });
  }

  return {
    version: snapshot.version,
    hash: snapshot.hash,
    createdAtSec: Math.floor(Date.parse(snapshot.createdAt) / 1000),
    keysByHash,
    routesById,
    origins,
    mcp: compileMcp(snapshot, snapshotKey),
    guardrails: new GuardrailIndex(
      snapshot,
      deps.guardrailChecks ?? externalChecks(deps.pools.fetch, snapshotKey),
    ),
    rateLimits: new RateLimitIndex(snapshot),
    prompts: new PromptIndex(snapshot),
    budgets: compileBudgets(snapshot),
  };
}

/** The embedder a semantic route or cache names: the local one, or a provider's model at its price. */
function compileEmbedder(
  e: SnapshotEmbedder,
  providers: ReadonlyMap<string, CompiledProvider>,
  prices: PriceTable,
  deps: CompileDeps,
): Embed {
  if (e.providerId === null) return deps.embedders.embedderFor(null);
  const provider = providers.get(e.providerId)!;
  const price = prices.price(provider.workspaceId, provider.kind, e.model);
  return deps.embedders.embedderFor({
    provider,
    model: e.model,
    costOf: costFunction(price),
    label: `${provider.name}/${e.model}`,
  });
}

function compileSemantic(
  r: SnapshotRoute,
  embedder: (e: SnapshotEmbedder) => Embed,
): CompiledRoute['semantic'] {
  const settings = r.semantic!;
  const embed = embedder(settings.embedder);
  return { settings, embed, index: new SemanticIndex(settings, embed) };
}

function compileCache(
  cache: SnapshotCache | undefined,
  embedder: (e: SnapshotEmbedder) => Embed,
): CompiledCache | null {
  if (!cache) return null;
  const e = cache.mode === 'semantic' ? cache.embedder : undefined;
  if (!e) return { mode: 'exact', ttlMs: cache.ttlSeconds * 1000, threshold: 1, embed: null, embedderId: '' };
  return {
    mode: 'semantic',
    ttlMs: cache.ttlSeconds * 1000,
    threshold: cache.threshold ?? 1,
    embed: embedder(e),
    embedderId: `${e.providerId ?? 'local'}/${e.model}`,
  };
}
