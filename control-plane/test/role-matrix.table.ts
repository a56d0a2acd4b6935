import { Role } from '../src/auth/principal';

/**
 * Who may call each Query and Mutation field. One line per field; role-matrix.test.ts fails
 * for a field missing here (a new resolver must be added, with the same least role as its
 * `@Roles`). Keep in step with the role matrix in README.md.
 *
 * - ws(Role.X): needs at least X in the workspace the operation names (`workspaceId`, or the
 *   argument given as `{ arg }`); installation admins always pass. `{ noApiToken }`: API
 *   tokens are refused whatever their role.
 * - installationAdmin: installation admins only (the bootstrap token and users with the flag).
 * - anyone: any valid token; the resolver shows only what the caller may see.
 * - sessionOnly: a signed-in user's session token (not API tokens nor the bootstrap token).
 * - open: no token needed (login).
 */
export type Access =
  | { kind: 'ws'; least: Role; arg?: string; noApiToken?: boolean }
  | { kind: 'installationAdmin' | 'anyone' | 'sessionOnly' | 'open' };

const ws = (least: Role, options: { arg?: string; noApiToken?: boolean } = {}): Access => ({
  kind: 'ws',
  least,
  ...options,
});
const installationAdmin: Access = { kind: 'installationAdmin' };
const anyone: Access = { kind: 'anyone' };
const sessionOnly: Access = { kind: 'sessionOnly' };
const open: Access = { kind: 'open' };

export const ROLE_MATRIX: Record<string, Access> = {
  // identity
  login: open,
  logout: sessionOnly,
  changePassword: sessionOnly,
  me: anyone,
  users: installationAdmin,
  createUser: installationAdmin,
  setUserActive: installationAdmin,
  setInstallationAdmin: installationAdmin,
  setUserPassword: installationAdmin,
  workspaceMembers: ws(Role.Viewer),
  addWorkspaceMember: ws(Role.Admin),
  setWorkspaceMemberRole: ws(Role.Admin),
  removeWorkspaceMember: ws(Role.Admin),
  apiTokens: ws(Role.Admin),
  createApiToken: ws(Role.Admin, { noApiToken: true }),
  revokeApiToken: ws(Role.Admin),
  // workspaces
  workspaces: anyone,
  workspace: ws(Role.Viewer, { arg: 'id' }),
  createWorkspace: installationAdmin,
  updateWorkspace: ws(Role.Admin, { arg: 'id' }),
  deleteWorkspace: ws(Role.Owner, { arg: 'id' }),
  applyConfig: installationAdmin,
  // providers, routes, keys, prices
  providerAccounts: ws(Role.Viewer),
  createProviderAccount: ws(Role.Admin),
  updateProviderAccount: ws(Role.Admin),
  deleteProviderAccount: ws(Role.Admin),
  testProviderAccount: ws(Role.Admin),
  routes: ws(Role.Viewer),
  createRoute: ws(Role.Admin),
  updateRoute: ws(Role.Admin),
  deleteRoute: ws(Role.Admin),
  virtualKeys: ws(Role.Viewer),
  createVirtualKey: ws(Role.Member),
  updateVirtualKey: ws(Role.Admin),
  revokeVirtualKey: ws(Role.Admin),
  models: anyone,
  modelPrices: ws(Role.Viewer),
  createModelPrice: ws(Role.Admin),
  updateModelPrice: ws(Role.Admin),
  deleteModelPrice: ws(Role.Admin),
  // MCP
  mcpServers: ws(Role.Viewer),
  mcpAccess: ws(Role.Viewer),
  createMcpServer: ws(Role.Admin),
  updateMcpServer: ws(Role.Admin),
  deleteMcpServer: ws(Role.Admin),
  setMcpAccess: ws(Role.Admin),
  removeMcpAccess: ws(Role.Admin),
  // guardrails
  guardrailCheckTypes: anyone,
  guardrailPolicies: ws(Role.Viewer),
  tryGuardrailPolicy: ws(Role.Member),
  createGuardrailPolicy: ws(Role.Admin),
  updateGuardrailPolicy: ws(Role.Admin),
  deleteGuardrailPolicy: ws(Role.Admin),
  attachGuardrailPolicy: ws(Role.Admin),
  detachGuardrailPolicy: ws(Role.Admin),
  // budgets
  budgets: ws(Role.Viewer),
  budget: ws(Role.Viewer),
  budgetStatus: ws(Role.Viewer),
  budgetEvents: ws(Role.Viewer),
  createBudget: ws(Role.Admin),
  updateBudget: ws(Role.Admin),
  deleteBudget: ws(Role.Admin),
  // rate limits
  rateLimits: ws(Role.Viewer),
  setRateLimit: ws(Role.Admin),
  deleteRateLimit: ws(Role.Admin),
  // prompt templates
  prompts: ws(Role.Viewer),
  prompt: ws(Role.Viewer),
  createPrompt: ws(Role.Admin),
  updatePrompt: ws(Role.Admin),
  deletePrompt: ws(Role.Admin),
  createPromptVersion: ws(Role.Admin),
  setPromptLabel: ws(Role.Admin),
  removePromptLabel: ws(Role.Admin),
  // audit log: unfiltered, installation admins only; with filter.workspaceId, that workspace's
  // admins (checked by the resolver, tested in audit-query.test.ts)
  auditLog: installationAdmin,
  // usage and the installation
  usageRecords: ws(Role.Viewer),
  usageSummary: ws(Role.Viewer),
  usageTimeseries: ws(Role.Viewer),
  installationUsageTimeseries: installationAdmin,
  latestSnapshot: installationAdmin,
  dataPlaneNodes: installationAdmin,
  // single sign-on and provisioning
  oidcSettings: installationAdmin,
  setOidcSettings: installationAdmin,
  clearOidcSettings: installationAdmin,
  scimTokens: installationAdmin,
  createScimToken: installationAdmin,
  revokeScimToken: installationAdmin,
  groupRoleMappings: installationAdmin,
  setGroupRoleMapping: installationAdmin,
  deleteGroupRoleMapping: installationAdmin,
};
