import { HttpError, type DataProvider, type Identifier } from 'react-admin';
import type { SnapshotInfo } from '../nodes/types';
import type { UsageSummary } from '../usage/types';
import { apiTokens } from './apiTokens';
import { audit } from './audit';
import { budgets } from './budgets';
import { groupRoleMappings } from './groupRoleMappings';
import { guardrails } from './guardrails';
import { keys, revokeVirtualKey } from './keys';
import { localList } from './localList';
import { mcpAccess } from './mcpAccess';
import { mcpServers } from './mcpServers';
import { members } from './members';
import { models } from './models';
import { latestSnapshot, nodes } from './nodes';
import { oidcSettings } from './oidcSettings';
import { prices } from './prices';
import { prompts } from './prompts';
import { providers } from './providers';
import { rateLimits } from './rateLimits';
import type { ResourceHandler } from './resourceHandler';
import { routes } from './routes';
import { scimTokens } from './scimTokens';
import { installationUsageTimeseries, usage, usageSummary, usageTimeseries } from './usage';
import { users } from './users';
import { workspaces } from './workspaces';

/**
 * react-admin's data provider methods are generic in the record type each caller expects; only the
 * caller knows it statically, so the routing layer works with untyped records.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRecord = any;

/** Resource names as they appear in console URLs, each with the handler that speaks GraphQL for it. */
const handlers: Record<string, ResourceHandler<AnyRecord>> = {
  workspaces,
  providers,
  routes,
  keys,
  prices,
  models,
  'mcp-servers': mcpServers,
  'mcp-access': mcpAccess,
  usage,
  nodes,
  guardrails,
  'rate-limits': rateLimits,
  budgets,
  prompts,
  audit,
  members,
  'api-tokens': apiTokens,
  users,
  'oidc-settings': oidcSettings,
  'scim-tokens': scimTokens,
  'group-role-mappings': groupRoleMappings,
};

/** Resources whose data belongs to the selected workspace: their cache is dropped on a switch. */
export const WORKSPACE_SCOPED_RESOURCES = [
  'providers',
  'routes',
  'keys',
  'prices',
  'models',
  'mcp-servers',
  'mcp-access',
  'usage',
  'guardrails',
  'rate-limits',
  'budgets',
  'prompts',
  'audit',
  'members',
  'api-tokens',
];

function handlerFor(resource: string): ResourceHandler<AnyRecord> {
  const handler = handlers[resource];
  if (!handler) throw new HttpError(`Unknown resource ${resource}`, 404);
  return handler;
}

function unsupported(resource: string, action: string): HttpError {
  return new HttpError(`${resource} cannot be ${action} from the console`, 400);
}

async function allOf(resource: string): Promise<AnyRecord[]> {
  const handler = handlerFor(resource);
  if (handler.list) return handler.list();
  // Only paged resources (usage) get here; 500 is the API's page limit.
  return (
    await handler.getList!({
      pagination: { page: 1, perPage: 500 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    })
  ).data;
}

/** The one data provider: react-admin's calls, plus the queries that are not about a record list. */
export interface SwitchyardDataProvider extends DataProvider {
  revokeVirtualKey(id: Identifier): Promise<void>;
  usageSummary(since?: string, until?: string): Promise<UsageSummary>;
  latestSnapshot(): Promise<SnapshotInfo | null>;
  usageTimeseries: typeof usageTimeseries;
  installationUsageTimeseries: typeof installationUsageTimeseries;
}

export const dataProvider: SwitchyardDataProvider = {
  async getList(resource, params) {
    const handler = handlerFor(resource);
    if (handler.getList) return handler.getList(params);
    return localList(await handler.list!(), params);
  },

  async getOne(resource, params) {
    const handler = handlerFor(resource);
    if (handler.getOne) return { data: await handler.getOne(params.id) };
    const record = (await allOf(resource)).find((item) => String(item.id) === String(params.id));
    if (!record) throw new HttpError(`${resource} ${params.id} not found`, 404);
    return { data: record };
  },

  async getMany(resource, params) {
    const wanted = new Set(params.ids.map(String));
    return { data: (await allOf(resource)).filter((record) => wanted.has(String(record.id))) };
  },

  async getManyReference(resource, params) {
    const records = await allOf(resource);
    return localList(records, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },

  async create(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.create) throw unsupported(resource, 'created');
    return { data: await handler.create(params.data) };
  },

  async update(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.update) throw unsupported(resource, 'edited');
    return { data: await handler.update(params.id, params.data, params.previousData) };
  },

  async updateMany(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.update || !handler.getOne) throw unsupported(resource, 'edited');
    for (const id of params.ids) await handler.update(id, params.data, await handler.getOne(id));
    return { data: params.ids };
  },

  async delete(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.delete) throw unsupported(resource, 'deleted');
    await handler.delete(params.id);
    const deleted: AnyRecord = params.previousData ?? { id: params.id };
    return { data: deleted };
  },

  async deleteMany(resource, params) {
    const handler = handlerFor(resource);
    if (!handler.delete) throw unsupported(resource, 'deleted');
    // One at a time, so that a failure leaves a clear picture of what was deleted.
    for (const id of params.ids) await handler.delete(id);
    return { data: params.ids };
  },

  revokeVirtualKey: (id) => revokeVirtualKey(String(id)),
  usageSummary,
  latestSnapshot,
  usageTimeseries,
  installationUsageTimeseries,
};
