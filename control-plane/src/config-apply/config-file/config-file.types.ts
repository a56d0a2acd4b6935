/*
 * The shape of the declarative config file, shared by `switchyard apply -f` and
 * SWITCHYARD_CONFIG at start. Plain types only (no Nest), so the CLI stays light. The
 * server validates field values; the readers beside this file check the file's structure
 * and expand `${VAR}` from the environment.
 */

import type { CredentialField } from '../../provider-accounts/credential-fields';

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
  keys?: KeyDocument[];
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

/** A virtual key; its cache settings pass through (`${VAR}` expanded) for the server to check. */
export interface KeyDocument {
  name: string;
  secret?: string;
  expiresAt?: string;
  allowedRoutes?: string[];
  cache?: Record<string, unknown>;
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

export type ProviderDocument = { name: string; kind: string; baseUrl?: string; options?: unknown } & {
  [K in CredentialField]?: string;
};

/** A target names a provider (with a model) or a route; its other settings are checked by the server. */
export interface TargetDocument {
  provider?: string;
  route?: string;
  model?: string;
  [setting: string]: unknown;
}

/** Strategy blocks (fallback, conditions, semantic, ensemble, cache) pass through, `${VAR}` expanded, for the server to check. */
export interface RouteDocument {
  alias: string;
  strategy?: string;
  targets: TargetDocument[];
  [block: string]: unknown;
}
