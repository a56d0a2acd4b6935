import { ConfigFileError } from './config-file.error';
import type { WorkspaceDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';
import { readGuardrail } from './guardrail-section';
import { readKey } from './key-section';
import { readMcpServer } from './mcp-server-section';
import { readPrompt } from './prompt-section';
import { readProvider } from './provider-section';
import { readRoute } from './route-section';

const WORKSPACE_KEYS = [
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
];

const PRICE_KEYS = [
  'providerKind',
  'model',
  'inputPerMTok',
  'outputPerMTok',
  'cachedInputPerMTok',
  'contextWindow',
];

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

const RATE_LIMIT_KEYS = [
  'key',
  'route',
  'requestsPerWindow',
  'tokensPerWindow',
  'windowSeconds',
  'concurrent',
];

/** One entry of `workspaces:`; a section left out stays absent, so the server leaves its objects alone. */
export function readWorkspace(r: ConfigReader, value: unknown, path: string): WorkspaceDocument {
  const m = r.mapping(value, path, WORKSPACE_KEYS);
  const out: WorkspaceDocument = { slug: r.str(m.slug, `${path}.slug`), name: r.str(m.name, `${path}.name`) };
  if (m.logPayloads !== undefined && m.logPayloads !== null) {
    if (typeof m.logPayloads !== 'boolean')
      throw new ConfigFileError(`${r.at(`${path}.logPayloads`)} must be true or false`);
    out.logPayloads = m.logPayloads;
  }
  if (m.providers !== undefined)
    out.providers = r.listOf(m.providers, `${path}.providers`, (p, pp) => readProvider(r, p, pp));
  if (m.routes !== undefined)
    out.routes = r.listOf(m.routes, `${path}.routes`, (route, rp) => readRoute(r, route, rp));
  if (m.modelPrices !== undefined)
    out.modelPrices = r.listOf(m.modelPrices, `${path}.modelPrices`, (p, pp) => r.record(p, pp, PRICE_KEYS));
  if (m.keys !== undefined) out.keys = r.listOf(m.keys, `${path}.keys`, (k, kp) => readKey(r, k, kp));
  if (m.mcpServers !== undefined)
    out.mcpServers = r.listOf(m.mcpServers, `${path}.mcpServers`, (s, sp) => readMcpServer(r, s, sp));
  if (m.guardrails !== undefined)
    out.guardrails = r.listOf(m.guardrails, `${path}.guardrails`, (g, gp) => readGuardrail(r, g, gp));
  if (m.budgets !== undefined)
    out.budgets = r.listOf(m.budgets, `${path}.budgets`, (b, bp) => r.record(b, bp, BUDGET_KEYS));
  if (m.groupRoles !== undefined) {
    out.groupRoles = r.listOf(m.groupRoles, `${path}.groupRoles`, (g, gp) => {
      const gm = r.mapping(g, gp, ['group', 'role']);
      return { group: r.str(gm.group, `${gp}.group`), role: r.str(gm.role, `${gp}.role`) };
    });
  }
  if (m.rateLimits !== undefined)
    out.rateLimits = r.listOf(m.rateLimits, `${path}.rateLimits`, (l, lp) =>
      r.record(l, lp, RATE_LIMIT_KEYS),
    );
  if (m.prompts !== undefined)
    out.prompts = r.listOf(m.prompts, `${path}.prompts`, (p, pp) => readPrompt(r, p, pp));
  return out;
}
