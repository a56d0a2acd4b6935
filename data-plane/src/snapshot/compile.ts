import {
  openSecret,
  type ProviderCredentials,
  type Snapshot,
  type SnapshotProvider,
} from '@switchyard/proto';
import { compileMcp } from '../mcp/mcp-config';
import type { ProviderAdapter } from '../providers/provider-adapter';
import type { UpstreamPools } from '../providers/upstream-pools';
import type { CompiledKey, CompiledProvider, CompiledRoute, RuntimeConfig } from './compiled';

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

function compileProvider(
  provider: SnapshotProvider,
  creds: ProviderCredentials,
  adapters: ReadonlyMap<string, ProviderAdapter>,
  pools: UpstreamPools,
): CompiledProvider {
  const url = new URL(provider.baseUrl);
  const adapter = adapters.get(provider.kind) ?? null;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(creds.headers ?? {})) headers[name.toLowerCase()] = value;
  if (creds.apiKey) headers.authorization = `Bearer ${creds.apiKey}`;
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    id: provider.id,
    name: provider.name,
    workspaceId: provider.workspaceId,
    kind: provider.kind,
    adapter,
    origin: url.origin,
    chatCompletionsPath: `${basePath}${adapter?.chatCompletionsSuffix ?? '/chat/completions'}${url.search}`,
    headers,
    dispatcher: pools.acquire(url.origin),
  };
}

/**
 * Compiles a validated snapshot into the lookup tables the hot path reads: key hash → key,
 * and per key alias → route (with its provider, decrypted credentials and pooled client).
 * Every credential is decrypted here, so one that fails rejects the whole snapshot before
 * anything is swapped in. Unknown provider kinds do not reject it (see `CompiledProvider`).
 */
export function compileSnapshot(
  snapshot: Snapshot,
  snapshotKey: Buffer,
  adapters: ReadonlyMap<string, ProviderAdapter>,
  pools: UpstreamPools,
): RuntimeConfig {
  const { content } = snapshot;
  const credentials = new Map(content.providers.map((p) => [p.id, openCredentials(snapshotKey, p)]));

  const providers = new Map<string, CompiledProvider>();
  const origins = new Set<string>();
  for (const p of content.providers) {
    const compiled = compileProvider(p, credentials.get(p.id)!, adapters, pools);
    providers.set(p.id, compiled);
    origins.add(compiled.origin);
  }

  const routesById = new Map<string, CompiledRoute>();
  const routesByWorkspace = new Map<string, Map<string, CompiledRoute>>();
  for (const r of content.routes) {
    const target = r.targets[0]; // `single`: the only strategy so far
    const route: CompiledRoute = {
      id: r.id,
      workspaceId: r.workspaceId,
      alias: r.alias,
      provider: providers.get(target.providerId ?? '')!,
      model: target.model,
    };
    routesById.set(r.id, route);
    let aliases = routesByWorkspace.get(r.workspaceId);
    if (!aliases) routesByWorkspace.set(r.workspaceId, (aliases = new Map()));
    aliases.set(r.alias, route);
  }

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
      workspaceId: k.workspaceId,
      expiresAtMs: k.expiresAt === null ? Infinity : Date.parse(k.expiresAt),
      routes,
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
  };
}
