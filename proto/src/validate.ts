import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { snapshotHash } from './canonical';
import { isValidTimeZone } from './budget-window';
import { guardrailPolicyProblems } from './guardrails/pipeline';
import { parsePromptTemplate, PromptTemplateError } from './prompts/template';
import {
  LATEST_PROMPT_LABEL,
  MAX_ROUTE_DEPTH,
  RESERVED_PROMPT_PARAMS,
  type Snapshot,
  type SnapshotCache,
  type SnapshotContent,
  type SnapshotRoute,
  type SnapshotTarget,
} from './snapshot';
import { snapshotSchema } from './snapshot-schema';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const checkShape = ajv.compile<Snapshot>(snapshotSchema);

/** The outcome of `validateSnapshot`: the typed snapshot, or every reason it is unusable. */
export type SnapshotValidation = { ok: true; snapshot: Snapshot } | { ok: false; errors: string[] };

/**
 * Checks a snapshot's shape, that every reference inside it resolves, that names which
 * must be unique are, and that its hash matches its content. Run by the control plane
 * before publishing and by every node before applying.
 */
export function validateSnapshot(value: unknown): SnapshotValidation {
  if (!checkShape(value)) {
    const errors = (checkShape.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    );
    return { ok: false, errors };
  }
  const { content } = value;
  const errors: string[] = [];
  const unique = (what: string, values: string[]) => {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v)) errors.push(`duplicate ${what} ${v}`);
      seen.add(v);
    }
    return seen;
  };
  const workspaces = unique(
    'workspace id',
    content.workspaces.map((w) => w.id),
  );
  unique(
    'workspace slug',
    content.workspaces.map((w) => w.slug),
  );
  const providers = new Map(content.providers.map((p) => [p.id, p]));
  unique(
    'provider id',
    content.providers.map((p) => p.id),
  );
  const routes = new Map(content.routes.map((r) => [r.id, r]));
  unique(
    'route id',
    content.routes.map((r) => r.id),
  );
  unique(
    'route alias',
    content.routes.map((r) => `${r.workspaceId}/${r.alias}`),
  );
  unique(
    'key id',
    content.keys.map((k) => k.id),
  );
  unique(
    'key hash',
    content.keys.map((k) => k.hash),
  );

  const checkCacheEmbedder = (owner: string, workspaceId: string, cache: SnapshotCache) => {
    const embedder = cache.embedder?.providerId;
    if (!embedder) return;
    const p = providers.get(embedder);
    if (!p || p.workspaceId !== workspaceId)
      errors.push(`${owner} cache embeds with unknown provider ${embedder}`);
  };
  for (const p of content.providers) {
    if (!workspaces.has(p.workspaceId))
      errors.push(`provider ${p.id} names unknown workspace ${p.workspaceId}`);
  }
  const checkTarget = (r: SnapshotRoute, t: SnapshotTarget, where: string) => {
    if (t.routeId) {
      if (t.providerId !== null) errors.push(`route ${r.id} ${where} names both a provider and a route`);
      const nested = routes.get(t.routeId);
      if (!nested) errors.push(`route ${r.id} ${where} targets unknown route ${t.routeId}`);
      else if (nested.workspaceId !== r.workspaceId)
        errors.push(`route ${r.id} ${where} targets route ${t.routeId} of another workspace`);
      return;
    }
    if (t.providerId === null) {
      errors.push(`route ${r.id} ${where} names neither a provider nor a route`);
      return;
    }
    const p = providers.get(t.providerId);
    if (!p) errors.push(`route ${r.id} ${where} targets unknown provider ${t.providerId}`);
    else if (p.workspaceId !== r.workspaceId)
      errors.push(`route ${r.id} ${where} targets provider ${p.id} of another workspace`);
    if (t.model === '') errors.push(`route ${r.id} ${where} has no model`);
  };
  for (const r of content.routes) {
    if (!workspaces.has(r.workspaceId)) errors.push(`route ${r.id} names unknown workspace ${r.workspaceId}`);
    r.targets.forEach((t, i) => checkTarget(r, t, `target ${i}`));
    for (const problem of strategyProblems(r)) errors.push(`route ${r.id} ${problem}`);
    if (r.ensemble?.judge) checkTarget(r, r.ensemble.judge, 'judge');
    const embedder = r.semantic?.embedder.providerId;
    if (embedder) {
      const p = providers.get(embedder);
      if (!p || p.workspaceId !== r.workspaceId)
        errors.push(`route ${r.id} embeds with unknown provider ${embedder}`);
    }
    if (r.cache) {
      for (const problem of cacheProblems(r.cache)) errors.push(`route ${r.id} cache ${problem}`);
      checkCacheEmbedder(`route ${r.id}`, r.workspaceId, r.cache);
    }
  }
  for (const problem of nestingProblems(content.routes)) errors.push(problem);
  for (const price of content.modelPrices ?? []) {
    if (!workspaces.has(price.workspaceId))
      errors.push(
        `model price ${price.providerKind}/${price.model} names unknown workspace ${price.workspaceId}`,
      );
  }
  for (const k of content.keys) {
    if (!workspaces.has(k.workspaceId)) errors.push(`key ${k.id} names unknown workspace ${k.workspaceId}`);
    if (k.cache) {
      for (const problem of cacheProblems(k.cache)) errors.push(`key ${k.id} cache ${problem}`);
      checkCacheEmbedder(`key ${k.id}`, k.workspaceId, k.cache);
    }
    for (const routeId of k.allowedRouteIds ?? []) {
      const r = routes.get(routeId);
      if (!r) errors.push(`key ${k.id} allows unknown route ${routeId}`);
      else if (r.workspaceId !== k.workspaceId)
        errors.push(`key ${k.id} allows route ${routeId} of another workspace`);
    }
  }
  for (const problem of mcpProblems(content, workspaces)) errors.push(problem);
  for (const problem of guardrailProblems(content, workspaces)) errors.push(problem);
  for (const problem of rateLimitProblems(content, workspaces)) errors.push(problem);
  for (const problem of promptProblems(content, workspaces)) errors.push(problem);
  for (const problem of budgetProblems(content, workspaces)) errors.push(problem);
  const expected = snapshotHash(content);
  if (value.hash !== expected) errors.push(`hash ${value.hash} does not match content (${expected})`);
  return errors.length ? { ok: false, errors } : { ok: true, snapshot: value };
}

/**
 * What is wrong with a route's strategy-specific settings (indices out of range, missing blocks, bad regexes).
 * Exported so the control plane can refuse a bad route at write time with the same rules.
 */
export function strategyProblems(r: SnapshotRoute): string[] {
  const problems: string[] = [];
  const n = r.targets.length;
  const inRange = (i: number, what: string) => {
    if (i >= n) problems.push(`${what} names target ${i}, but the route has ${n}`);
  };
  if (r.strategy === 'conditional') {
    if (!r.conditions) problems.push('is conditional but has no conditions');
    else {
      inRange(r.conditions.defaultTarget, 'the default');
      r.conditions.rules.forEach((rule, i) => {
        inRange(rule.target, `rule ${i}`);
        for (const m of rule.when) {
          const bad = matchProblem(m.op, m.value);
          if (bad) problems.push(`rule ${i} on ${m.field}: ${bad}`);
        }
      });
    }
  }
  if (r.strategy === 'semantic') {
    if (!r.semantic) problems.push('is semantic but has no intents');
    else {
      if (r.semantic.defaultTarget !== null) inRange(r.semantic.defaultTarget, 'the default');
      r.semantic.intents.forEach((intent) => inRange(intent.target, `intent ${intent.name}`));
    }
  }
  if (r.strategy === 'ensemble') {
    if (!r.ensemble) problems.push('is an ensemble but has no ensemble settings');
    else {
      if ((r.ensemble.mode === 'synthesize' || r.ensemble.mode === 'select') && !r.ensemble.judge)
        problems.push(`ensemble mode ${r.ensemble.mode} needs a judge`);
      if (r.ensemble.minResponses > n)
        problems.push(`ensemble needs ${r.ensemble.minResponses} responses from ${n} targets`);
    }
  }
  return problems;
}

/**
 * What is wrong with cache settings beyond their shape: a semantic cache needs an embedder
 * and a threshold, an exact one takes neither. Exported for write-time checks.
 */
export function cacheProblems(cache: SnapshotCache): string[] {
  const problems: string[] = [];
  if (cache.mode === 'semantic') {
    if (!cache.embedder) problems.push('is semantic but names no embedder');
    if (cache.threshold === undefined) problems.push('is semantic but has no threshold');
  } else if (cache.embedder || cache.threshold !== undefined) {
    problems.push('is exact and takes no embedder or threshold');
  }
  return problems;
}

function matchProblem(op: string, value: unknown): string | null {
  const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  switch (op) {
    case 'exists':
      return null;
    case 'in':
    case 'nin':
      return Array.isArray(value) ? null : `${op} needs an array value`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' ? null : `${op} needs a number`;
    case 'regex':
      if (typeof value !== 'string') return 'regex needs a string';
      try {
        new RegExp(value);
        return null;
      } catch {
        return `regex ${JSON.stringify(value)} does not compile`;
      }
    default:
      return isScalar(value) ? null : `${op} needs a string, number or boolean`;
  }
}

/** Routes that nest into a cycle, or deeper than `MAX_ROUTE_DEPTH`. Exported for write-time checks. */
export function nestingProblems(routes: SnapshotRoute[]): string[] {
  const byId = new Map(routes.map((r) => [r.id, r]));
  const depth = new Map<string, number>();
  const problems: string[] = [];
  const visit = (r: SnapshotRoute, path: string[]): number => {
    const known = depth.get(r.id);
    if (known !== undefined) return known;
    if (path.includes(r.id)) {
      problems.push(`routes nest in a cycle: ${[...path.slice(path.indexOf(r.id)), r.id].join(' -> ')}`);
      return Infinity;
    }
    let d = 1;
    const nested = [...r.targets, ...(r.ensemble?.judge ? [r.ensemble.judge] : [])];
    for (const t of nested) {
      const child = t.routeId ? byId.get(t.routeId) : undefined;
      if (child) d = Math.max(d, 1 + visit(child, [...path, r.id]));
    }
    depth.set(r.id, d);
    return d;
  };
  for (const r of routes) {
    const d = visit(r, []);
    if (d !== Infinity && d > MAX_ROUTE_DEPTH)
      problems.push(`route ${r.id} nests ${d} levels deep; at most ${MAX_ROUTE_DEPTH} are allowed`);
  }
  return [...new Set(problems)];
}

/** MCP servers and access entries: unique ids and slugs, references that resolve within one workspace. */
function mcpProblems(content: SnapshotContent, workspaces: Set<string>): string[] {
  const problems: string[] = [];
  const servers = new Map<string, string>();
  const slugs = new Set<string>();
  for (const s of content.mcpServers ?? []) {
    if (servers.has(s.id)) problems.push(`duplicate mcp server id ${s.id}`);
    servers.set(s.id, s.workspaceId);
    const slug = `${s.workspaceId}/${s.slug}`;
    if (slugs.has(slug)) problems.push(`duplicate mcp server slug ${slug}`);
    slugs.add(slug);
    if (!workspaces.has(s.workspaceId))
      problems.push(`mcp server ${s.id} names unknown workspace ${s.workspaceId}`);
  }
  const keys = new Map(content.keys.map((k) => [k.id, k.workspaceId]));
  const pairs = new Set<string>();
  for (const a of content.mcpAccess ?? []) {
    const pair = `${a.keyId}/${a.serverId}`;
    if (pairs.has(pair)) problems.push(`duplicate mcp access ${pair}`);
    pairs.add(pair);
    const keyWorkspace = keys.get(a.keyId);
    const serverWorkspace = servers.get(a.serverId);
    if (keyWorkspace === undefined) problems.push(`mcp access names unknown key ${a.keyId}`);
    if (serverWorkspace === undefined) problems.push(`mcp access names unknown mcp server ${a.serverId}`);
    if (keyWorkspace !== undefined && serverWorkspace !== undefined && keyWorkspace !== serverWorkspace)
      problems.push(`mcp access ${pair} joins a key and a server of different workspaces`);
  }
  return problems;
}

/** Guardrail policies and attachments: valid checks, unique names, references within one workspace. */
function guardrailProblems(content: SnapshotContent, workspaces: Set<string>): string[] {
  const problems: string[] = [];
  const policies = new Map<string, string>();
  const names = new Set<string>();
  for (const p of content.guardrailPolicies ?? []) {
    if (policies.has(p.id)) problems.push(`duplicate guardrail policy id ${p.id}`);
    policies.set(p.id, p.workspaceId);
    const name = `${p.workspaceId}/${p.name}`;
    if (names.has(name)) problems.push(`duplicate guardrail policy name ${name}`);
    names.add(name);
    if (!workspaces.has(p.workspaceId))
      problems.push(`guardrail policy ${p.id} names unknown workspace ${p.workspaceId}`);
    for (const problem of guardrailPolicyProblems(p)) problems.push(`guardrail policy ${p.id} ${problem}`);
  }
  const keys = new Map(content.keys.map((k) => [k.id, k.workspaceId]));
  const routes = new Map(content.routes.map((r) => [r.id, r.workspaceId]));
  const seen = new Set<string>();
  for (const a of content.guardrailAttachments ?? []) {
    const where = `guardrail attachment of policy ${a.policyId}`;
    const id = `${a.policyId}/${a.keyId ?? ''}/${a.routeId ?? ''}`;
    if (seen.has(id)) problems.push(`duplicate ${where}`);
    seen.add(id);
    if (a.keyId !== null && a.routeId !== null) problems.push(`${where} names both a key and a route`);
    const policyWorkspace = policies.get(a.policyId);
    if (policyWorkspace === undefined) problems.push(`${where} names an unknown policy`);
    else if (policyWorkspace !== a.workspaceId)
      problems.push(`${where} is in another workspace than the policy`);
    if (a.keyId !== null && keys.get(a.keyId) !== a.workspaceId)
      problems.push(`${where} names unknown key ${a.keyId}`);
    if (a.routeId !== null && routes.get(a.routeId) !== a.workspaceId)
      problems.push(`${where} names unknown route ${a.routeId}`);
  }
  return problems;
}

/** Rate limits: something limited, one target, references within one workspace, one limit per target. */
function rateLimitProblems(content: SnapshotContent, workspaces: Set<string>): string[] {
  const problems: string[] = [];
  const keys = new Map(content.keys.map((k) => [k.id, k.workspaceId]));
  const routes = new Map(content.routes.map((r) => [r.id, r.workspaceId]));
  const ids = new Set<string>();
  const targets = new Set<string>();
  for (const l of content.rateLimits ?? []) {
    const where = `rate limit ${l.id}`;
    if (ids.has(l.id)) problems.push(`duplicate rate limit id ${l.id}`);
    ids.add(l.id);
    const target = `${l.workspaceId}/${l.keyId ?? ''}/${l.routeId ?? ''}`;
    if (targets.has(target)) problems.push(`duplicate ${where}: one limit per workspace, key or route`);
    targets.add(target);
    if (!workspaces.has(l.workspaceId)) problems.push(`${where} names unknown workspace ${l.workspaceId}`);
    if (l.keyId !== null && l.routeId !== null) problems.push(`${where} names both a key and a route`);
    if (l.keyId !== null && keys.get(l.keyId) !== l.workspaceId)
      problems.push(`${where} names unknown key ${l.keyId}`);
    if (l.routeId !== null && routes.get(l.routeId) !== l.workspaceId)
      problems.push(`${where} names unknown route ${l.routeId}`);
    if (l.requestsPerWindow === null && l.tokensPerWindow === null && l.concurrent === null)
      problems.push(`${where} limits nothing`);
  }
  return problems;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Prompt templates: unique ids and slugs, sorted unique versions that parse, labels that resolve. */
function promptProblems(content: SnapshotContent, workspaces: Set<string>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (const p of content.prompts ?? []) {
    if (ids.has(p.id)) problems.push(`duplicate prompt id ${p.id}`);
    ids.add(p.id);
    const slug = `${p.workspaceId}/${p.slug}`;
    if (slugs.has(slug)) problems.push(`duplicate prompt slug ${slug}`);
    slugs.add(slug);
    if (UUID_SHAPE.test(p.slug)) problems.push(`prompt ${p.id} has a slug shaped like an id`);
    if (!workspaces.has(p.workspaceId))
      problems.push(`prompt ${p.id} names unknown workspace ${p.workspaceId}`);
    let previous = 0;
    for (const v of p.versions) {
      const where = `prompt ${p.id} version ${v.version}`;
      if (v.version <= previous) problems.push(`prompt ${p.id} versions are not sorted and unique`);
      previous = v.version;
      try {
        const parsed = parsePromptTemplate(v.messages);
        if (parsed.variables.join('\n') !== [...v.variables].join('\n'))
          problems.push(
            `${where} lists variables ${v.variables.join(', ')}, its template needs ${parsed.variables.join(', ')}`,
          );
      } catch (err) {
        if (!(err instanceof PromptTemplateError)) throw err;
        problems.push(`${where} ${err.message}`);
      }
      for (const name of RESERVED_PROMPT_PARAMS) {
        if (v.params && name in v.params) problems.push(`${where} params may not set ${name}`);
      }
    }
    const versions = new Set(p.versions.map((v) => v.version));
    for (const [label, version] of Object.entries(p.labels ?? {})) {
      if (label === LATEST_PROMPT_LABEL) problems.push(`prompt ${p.id} stores the reserved label ${label}`);
      if (!versions.has(version))
        problems.push(`prompt ${p.id} label ${label} names missing version ${version}`);
    }
  }
  return problems;
}

/** Budgets: unique ids and names, a limit, a scope whose reference resolves within the workspace, a known time zone. */
function budgetProblems(content: SnapshotContent, workspaces: Set<string>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const keys = new Map(content.keys.map((k) => [k.id, k.workspaceId]));
  for (const b of content.budgets ?? []) {
    const where = `budget ${b.id}`;
    if (ids.has(b.id)) problems.push(`duplicate ${where}`);
    ids.add(b.id);
    const name = `${b.workspaceId}/${b.name}`;
    if (names.has(name)) problems.push(`duplicate budget name ${name}`);
    names.add(name);
    if (!workspaces.has(b.workspaceId)) problems.push(`${where} names unknown workspace ${b.workspaceId}`);
    if (b.limitMicroUsd === null && b.limitTokens === null) problems.push(`${where} has no limit`);
    if (!isValidTimeZone(b.timezone)) problems.push(`${where} has unknown time zone ${b.timezone}`);
    if ((b.scope === 'key') !== (b.keyId !== null))
      problems.push(`${where} keyId must be set exactly for scope key`);
    if (b.keyId !== null && keys.get(b.keyId) !== b.workspaceId)
      problems.push(`${where} names unknown key ${b.keyId}`);
    const tagged = b.tagKey !== null && b.tagValue !== null;
    if ((b.scope === 'tag') !== tagged || (!tagged && (b.tagKey !== null || b.tagValue !== null)))
      problems.push(`${where} tagKey and tagValue must be set exactly for scope tag`);
  }
  return problems;
}
