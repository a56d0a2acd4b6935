import { parseDocument } from 'yaml';

/*
 * The declarative config file, shared by `switchyard apply -f` and SWITCHYARD_CONFIG at
 * start. Plain types only (no Nest), so the CLI stays light. The server validates field
 * values; this checks the file's structure and expands `${VAR}` from the environment.
 */

export interface ConfigDocument {
  workspaces: WorkspaceDocument[];
}

export interface WorkspaceDocument {
  slug: string;
  name: string;
  logPayloads?: boolean;
  providers?: ProviderDocument[];
  routes?: RouteDocument[];
  modelPrices?: Array<Record<string, unknown>>;
  keys?: Array<{
    name: string;
    secret?: string;
    expiresAt?: string;
    allowedRoutes?: string[];
    cache?: Record<string, unknown>;
  }>;
  mcpServers?: McpServerDocument[];
  guardrails?: GuardrailDocument[];
  /** Budgets; fields pass through (`${VAR}` expanded) for the server to check. */
  budgets?: Array<Record<string, unknown>>;
  /** Identity-provider group → role in this workspace (SCIM groups, OIDC groups claim). */
  groupRoles?: Array<{ group: string; role: string }>;
  /** Numbers pass through for the server to check. */
  rateLimits?: Array<Record<string, unknown>>;
  prompts?: PromptDocument[];
}

/**
 * A prompt template and the versions it declares. Versions are matched by content (model,
 * messages, params): a declared version no stored one equals is added as the next number.
 * Message text is taken as written: `${VAR}` is not expanded in templates.
 */
export interface PromptDocument {
  slug: string;
  name: string;
  description?: string;
  versions: Array<{
    model: string;
    messages: Array<{ role: string; content: string }>;
    params?: Record<string, unknown>;
    labels?: string[];
  }>;
}

/** A guardrail policy; check params pass through (`${VAR}` expanded) for the server to check. */
export interface GuardrailDocument {
  name: string;
  stage?: string;
  mode?: string;
  action?: string;
  checks: Array<{ name?: string; type: string; params?: Record<string, unknown>; action?: string }>;
  attach?: { workspace?: boolean; keys?: string[]; routes?: string[] };
}

export interface McpServerDocument {
  slug: string;
  name: string;
  url: string;
  transport?: string;
  bearerToken?: string;
  /** A mapping of header name to value in the file; a list of pairs for the API. */
  headers?: Array<{ name: string; value: string }>;
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  access?: Array<{ key: string; allowTools?: string[]; denyTools?: string[] }>;
}

/** Credential fields a provider may declare (write-only in the API). */
const CREDENTIAL_KEYS = [
  'apiKey',
  'awsAccessKeyId',
  'awsSecretAccessKey',
  'awsSessionToken',
  'serviceAccountJson',
  'clientId',
  'clientSecret',
] as const;

export type ProviderDocument = { name: string; kind: string; baseUrl?: string; options?: unknown } & {
  [K in (typeof CREDENTIAL_KEYS)[number]]?: string;
};

/** A target names a provider (with a model) or a route; its other settings are checked by the server. */
export interface TargetDocument {
  provider?: string;
  route?: string;
  model?: string;
  [setting: string]: unknown;
}

/** Strategy blocks (fallback, conditions, semantic, ensemble) pass through, `${VAR}` expanded, for the server to check. */
export interface RouteDocument {
  alias: string;
  strategy?: string;
  targets: TargetDocument[];
  [block: string]: unknown;
}

const TARGET_SETTINGS = ['weight', 'overrides', 'retry', 'timeoutMs', 'breaker'];
const ROUTE_BLOCKS = ['fallback', 'conditions', 'semantic', 'ensemble', 'cache'];
const BUDGET_KEYS = [
  'name',
  'scope',
  'key',
  'tagKey',
  'tagValue',
  'limitMicroUsd',
  'limitTokens',
  'period',
  'timezone',
  'alertThresholds',
  'webhookUrl',
  'webhookSecret',
  'hardStop',
];

const PRICE_KEYS = [
  'providerKind',
  'model',
  'inputPerMTok',
  'outputPerMTok',
  'cachedInputPerMTok',
  'contextWindow',
];

const RATE_LIMIT_KEYS = [
  'key',
  'route',
  'requestsPerWindow',
  'tokensPerWindow',
  'windowSeconds',
  'concurrent',
];

/** A config file that cannot be used; the message says where and why. */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigFileError';
  }
}

/**
 * Replaces `${NAME}` with the environment variable NAME in one string value. `$${` stands
 * for a literal `${`. A variable that is not set is an error naming it.
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv, path: string): string {
  return value.replace(/\$\$\{|\$\{([^}]*)\}|\$\{/g, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined)
      throw new ConfigFileError(`${path}: unterminated "\${" (write "$\${" for a literal)`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigFileError(`${path}: "\${${name}}" is not a valid environment variable reference`);
    }
    const resolved = env[name];
    if (resolved === undefined) throw new ConfigFileError(`${path}: environment variable ${name} is not set`);
    return resolved;
  });
}

/** Parses the YAML text of a config file into the document `applyConfig` takes. */
export function parseConfigYaml(text: string, env: NodeJS.ProcessEnv, source = 'config'): ConfigDocument {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new ConfigFileError(`${source}: invalid YAML: ${doc.errors[0].message}`);
  const root: unknown = doc.toJS();
  const at = (path: string) => `${source}: ${path}`;
  const top = mapping(root ?? {}, at('top level'), ['workspaces']);
  return {
    workspaces: list(top.workspaces ?? [], at('workspaces')).map((w, i) => workspace(w, `workspaces[${i}]`)),
  };

  function workspace(value: unknown, path: string): WorkspaceDocument {
    const m = mapping(value, at(path), [
      'slug',
      'name',
      'logPayloads',
      'providers',
      'routes',
      'modelPrices',
      'keys',
      'mcpServers',
      'guardrails',
      'budgets',
      'groupRoles',
      'rateLimits',
      'prompts',
    ]);
    const out: WorkspaceDocument = { slug: str(m.slug, `${path}.slug`), name: str(m.name, `${path}.name`) };
    if (m.logPayloads !== undefined && m.logPayloads !== null) {
      if (typeof m.logPayloads !== 'boolean')
        throw new ConfigFileError(`${at(`${path}.logPayloads`)} must be true or false`);
      out.logPayloads = m.logPayloads;
    }
    if (m.providers !== undefined) {
      out.providers = list(m.providers, at(`${path}.providers`)).map((p, j) => {
        const pp = `${path}.providers[${j}]`;
        const pm = mapping(p, at(pp), ['name', 'kind', 'baseUrl', 'options', ...CREDENTIAL_KEYS]);
        const provider: ProviderDocument = {
          name: str(pm.name, `${pp}.name`),
          kind: str(pm.kind, `${pp}.kind`),
          ...optionalStr(pm.baseUrl, 'baseUrl', `${pp}.baseUrl`),
        };
        if (pm.options !== undefined && pm.options !== null)
          provider.options = json(mapping(pm.options, at(`${pp}.options`), null), `${pp}.options`);
        for (const key of CREDENTIAL_KEYS) Object.assign(provider, optionalStr(pm[key], key, `${pp}.${key}`));
        return provider;
      });
    }
    if (m.routes !== undefined) {
      out.routes = list(m.routes, at(`${path}.routes`)).map((r, j) => {
        const rp = `${path}.routes[${j}]`;
        const rm = mapping(r, at(rp), ['alias', 'strategy', 'targets', ...ROUTE_BLOCKS]);
        const route: RouteDocument = {
          alias: str(rm.alias, `${rp}.alias`),
          ...optionalStr(rm.strategy, 'strategy', `${rp}.strategy`),
          targets: list(rm.targets, at(`${rp}.targets`)).map((t, k) => target(t, `${rp}.targets[${k}]`)),
        };
        for (const block of ROUTE_BLOCKS) {
          if (rm[block] === undefined || rm[block] === null) continue;
          const bp = `${rp}.${block}`;
          const value = mapping(rm[block], at(bp), null);
          // The judge is a target: it names a provider or route like the others.
          route[block] =
            block === 'ensemble' && value.judge != null
              ? { ...json(value, bp), judge: target(value.judge, `${bp}.judge`) }
              : json(value, bp);
        }
        return route;
      });
    }
    if (m.modelPrices !== undefined) {
      out.modelPrices = list(m.modelPrices, at(`${path}.modelPrices`)).map((p, j) => {
        const pp = `${path}.modelPrices[${j}]`;
        return json(mapping(p, at(pp), PRICE_KEYS), pp);
      });
    }
    if (m.keys !== undefined) {
      out.keys = list(m.keys, at(`${path}.keys`)).map((k, j) => {
        const kp = `${path}.keys[${j}]`;
        const km = mapping(k, at(kp), ['name', 'secret', 'expiresAt', 'allowedRoutes', 'cache']);
        const key: NonNullable<WorkspaceDocument['keys']>[number] = {
          name: str(km.name, `${kp}.name`),
          ...optionalStr(km.secret, 'secret', `${kp}.secret`),
          ...optionalStr(km.expiresAt, 'expiresAt', `${kp}.expiresAt`),
        };
        if (km.allowedRoutes !== undefined && km.allowedRoutes !== null) {
          key.allowedRoutes = list(km.allowedRoutes, at(`${kp}.allowedRoutes`)).map((a, n) =>
            str(a, `${kp}.allowedRoutes[${n}]`),
          );
        }
        if (km.cache !== undefined && km.cache !== null)
          key.cache = json(mapping(km.cache, at(`${kp}.cache`), null), `${kp}.cache`);
        return key;
      });
    }
    if (m.mcpServers !== undefined) {
      out.mcpServers = list(m.mcpServers, at(`${path}.mcpServers`)).map((s, j) =>
        mcpServer(s, `${path}.mcpServers[${j}]`),
      );
    }
    if (m.guardrails !== undefined) {
      out.guardrails = list(m.guardrails, at(`${path}.guardrails`)).map((g, j) =>
        guardrail(g, `${path}.guardrails[${j}]`),
      );
    }
    if (m.budgets !== undefined) {
      out.budgets = list(m.budgets, at(`${path}.budgets`)).map((b, j) => {
        const bp = `${path}.budgets[${j}]`;
        return json(mapping(b, at(bp), BUDGET_KEYS), bp);
      });
    }
    if (m.groupRoles !== undefined) {
      out.groupRoles = list(m.groupRoles, at(`${path}.groupRoles`)).map((g, j) => {
        const gp = `${path}.groupRoles[${j}]`;
        const gm = mapping(g, at(gp), ['group', 'role']);
        return { group: str(gm.group, `${gp}.group`), role: str(gm.role, `${gp}.role`) };
      });
    }
    if (m.rateLimits !== undefined) {
      out.rateLimits = list(m.rateLimits, at(`${path}.rateLimits`)).map((l, j) => {
        const lp = `${path}.rateLimits[${j}]`;
        return json(mapping(l, at(lp), RATE_LIMIT_KEYS), lp);
      });
    }
    if (m.prompts !== undefined) {
      out.prompts = list(m.prompts, at(`${path}.prompts`)).map((p, j) => prompt(p, `${path}.prompts[${j}]`));
    }
    return out;
  }

  function prompt(value: unknown, pp: string): PromptDocument {
    const pm = mapping(value, at(pp), ['slug', 'name', 'description', 'versions']);
    return {
      slug: str(pm.slug, `${pp}.slug`),
      name: str(pm.name, `${pp}.name`),
      ...optionalStr(pm.description, 'description', `${pp}.description`),
      versions: list(pm.versions, at(`${pp}.versions`)).map((v, k) => {
        const vp = `${pp}.versions[${k}]`;
        const vm = mapping(v, at(vp), ['model', 'messages', 'params', 'labels']);
        return {
          model: str(vm.model, `${vp}.model`),
          messages: list(vm.messages, at(`${vp}.messages`)).map((msg, n) => {
            const mp = `${vp}.messages[${n}]`;
            const mm = mapping(msg, at(mp), ['role', 'content']);
            if (typeof mm.content !== 'string')
              throw new ConfigFileError(`${at(`${mp}.content`)} must be a string`);
            return { role: str(mm.role, `${mp}.role`), content: mm.content };
          }),
          ...(vm.params !== undefined && vm.params !== null
            ? { params: json(mapping(vm.params, at(`${vp}.params`), null), `${vp}.params`) }
            : {}),
          ...(vm.labels !== undefined && vm.labels !== null
            ? { labels: list(vm.labels, at(`${vp}.labels`)).map((l, n) => str(l, `${vp}.labels[${n}]`)) }
            : {}),
        };
      }),
    };
  }

  function target(value: unknown, path: string): TargetDocument {
    const tm = mapping(value, at(path), ['provider', 'route', 'model', ...TARGET_SETTINGS]);
    const out: TargetDocument = {
      ...optionalStr(tm.provider, 'provider', `${path}.provider`),
      ...optionalStr(tm.route, 'route', `${path}.route`),
      ...optionalStr(tm.model, 'model', `${path}.model`),
    };
    for (const key of TARGET_SETTINGS) {
      if (tm[key] !== undefined && tm[key] !== null) out[key] = json(tm[key], `${path}.${key}`);
    }
    return out;
  }

  /** A free-form value with `${VAR}` expanded in every string inside it. */
  function json<T>(value: T, path: string): T {
    if (typeof value === 'string') return str(value, path) as T;
    if (Array.isArray(value)) return value.map((v, i) => json(v, `${path}[${i}]`)) as T;
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v, `${path}.${k}`)])) as T;
    return value;
  }

  function guardrail(value: unknown, gp: string): GuardrailDocument {
    const gm = mapping(value, at(gp), ['name', 'stage', 'mode', 'action', 'checks', 'attach']);
    const out: GuardrailDocument = {
      name: str(gm.name, `${gp}.name`),
      ...optionalStr(gm.stage, 'stage', `${gp}.stage`),
      ...optionalStr(gm.mode, 'mode', `${gp}.mode`),
      ...optionalStr(gm.action, 'action', `${gp}.action`),
      checks: list(gm.checks, at(`${gp}.checks`)).map((c, k) => {
        const cp = `${gp}.checks[${k}]`;
        const cm = mapping(c, at(cp), ['name', 'type', 'params', 'action']);
        return {
          type: str(cm.type, `${cp}.type`),
          ...optionalStr(cm.name, 'name', `${cp}.name`),
          ...optionalStr(cm.action, 'action', `${cp}.action`),
          ...(cm.params !== undefined && cm.params !== null
            ? { params: json(mapping(cm.params, at(`${cp}.params`), null), `${cp}.params`) }
            : {}),
        };
      }),
    };
    if (gm.attach !== undefined && gm.attach !== null) {
      const ap = `${gp}.attach`;
      const am = mapping(gm.attach, at(ap), ['workspace', 'keys', 'routes']);
      const names = (v: unknown, p: string) => list(v, at(p)).map((n, i) => str(n, `${p}[${i}]`));
      out.attach = {
        ...(am.workspace !== undefined ? { workspace: am.workspace === true } : {}),
        ...(am.keys !== undefined && am.keys !== null ? { keys: names(am.keys, `${ap}.keys`) } : {}),
        ...(am.routes !== undefined && am.routes !== null
          ? { routes: names(am.routes, `${ap}.routes`) }
          : {}),
      };
    }
    return out;
  }

  function mcpServer(value: unknown, sp: string): McpServerDocument {
    const sm = mapping(value, at(sp), [
      'slug',
      'name',
      'url',
      'transport',
      'bearerToken',
      'headers',
      'oauth',
      'access',
    ]);
    const server: McpServerDocument = {
      slug: str(sm.slug, `${sp}.slug`),
      name: str(sm.name, `${sp}.name`),
      url: str(sm.url, `${sp}.url`),
      ...optionalStr(sm.transport, 'transport', `${sp}.transport`),
      ...optionalStr(sm.bearerToken, 'bearerToken', `${sp}.bearerToken`),
    };
    if (sm.headers !== undefined && sm.headers !== null) {
      const hm = mapping(sm.headers, at(`${sp}.headers`), Object.keys(sm.headers as object));
      server.headers = Object.entries(hm).map(([name, v]) => ({
        name,
        value: str(v, `${sp}.headers.${name}`),
      }));
    }
    if (sm.oauth !== undefined && sm.oauth !== null) {
      const op = `${sp}.oauth`;
      const om = mapping(sm.oauth, at(op), ['tokenUrl', 'clientId', 'clientSecret', 'scope']);
      server.oauth = {
        tokenUrl: str(om.tokenUrl, `${op}.tokenUrl`),
        clientId: str(om.clientId, `${op}.clientId`),
        clientSecret: str(om.clientSecret, `${op}.clientSecret`),
        ...optionalStr(om.scope, 'scope', `${op}.scope`),
      };
    }
    if (sm.access !== undefined && sm.access !== null) {
      server.access = list(sm.access, at(`${sp}.access`)).map((a, n) => {
        const ap = `${sp}.access[${n}]`;
        const am = mapping(a, at(ap), ['key', 'allowTools', 'denyTools']);
        const strings = (v: unknown, p: string) => list(v, at(p)).map((x, i) => str(x, `${p}[${i}]`));
        return {
          key: str(am.key, `${ap}.key`),
          ...(am.allowTools != null ? { allowTools: strings(am.allowTools, `${ap}.allowTools`) } : {}),
          ...(am.denyTools != null ? { denyTools: strings(am.denyTools, `${ap}.denyTools`) } : {}),
        };
      });
    }
    return server;
  }

  function str(value: unknown, path: string): string {
    if (typeof value !== 'string') {
      const hint = value === undefined || value === null ? 'is required' : 'must be a string (quote it)';
      throw new ConfigFileError(`${at(path)} ${hint}`);
    }
    return expandEnv(value, env, at(path));
  }

  function optionalStr<K extends string>(value: unknown, key: K, path: string): { [P in K]?: string } {
    return value === undefined || value === null
      ? {}
      : ({ [key]: str(value, path) } as { [P in K]?: string });
  }
}

/** `value` as a mapping whose keys are all in `allowed` (any keys when `allowed` is null). */
function mapping(value: unknown, where: string, allowed: readonly string[] | null): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigFileError(`${where} must be a mapping`);
  }
  const unknownKeys = allowed ? Object.keys(value).filter((k) => !allowed.includes(k)) : [];
  if (allowed && unknownKeys.length) {
    throw new ConfigFileError(
      `${where}: unknown field "${unknownKeys[0]}" (expected one of: ${allowed.join(', ')})`,
    );
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ConfigFileError(`${where} must be a list`);
  return value;
}
