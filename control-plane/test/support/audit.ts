import type { TestPlane } from './plane';

/** Everything an audit entry has, as GraphQL returns it. */
export const ENTRY = `id occurredAt actorKind actorId actorLabel workspaceId action targetType targetId before after
  changes { type id op before after } outcome errorMessage requestId clientIp userAgent`;

export interface Change {
  type: string;
  id: string;
  op: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
export interface Entry {
  id: string;
  occurredAt: string;
  actorKind: string;
  actorId: string;
  actorLabel: string | null;
  workspaceId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changes: Change[];
  outcome: string;
  errorMessage: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
}
export interface Page {
  nodes: Entry[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** The audit log of a test plane, through its GraphQL API. */
export function auditApi(t: TestPlane) {
  async function auditLog(filter: Record<string, unknown> = {}, first = 200, after?: string): Promise<Page> {
    const data = await t.ok<{ auditLog: Page }>(
      `query($filter: AuditLogFilterInput, $first: Int!, $after: String) {
       auditLog(filter: $filter, first: $first, after: $after) {
         nodes { ${ENTRY} } pageInfo { endCursor hasNextPage } } }`,
      { filter, first, after },
    );
    return data.auditLog;
  }

  /** The newest entry of a mutation. */
  async function latest(action: string): Promise<Entry> {
    const page = await auditLog({ action }, 1);
    if (page.nodes.length !== 1) throw new Error(`no audit entry for ${action}`);
    return page.nodes[0];
  }

  async function createWorkspace(slug: string): Promise<string> {
    const data = await t.ok<{ createWorkspace: { id: string } }>(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
      { input: { slug, name: `Workspace ${slug}` } },
    );
    return data.createWorkspace.id;
  }

  async function createProvider(workspaceId: string, name: string): Promise<string> {
    const data = await t.ok<{ createProviderAccount: { id: string } }>(
      `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`,
      { input: { workspaceId, name, kind: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'sk-x' } },
    );
    return data.createProviderAccount.id;
  }

  return { auditLog, latest, createWorkspace, createProvider };
}

/**
 * Every plaintext secret the scenario of audit-log.test.ts (support/audit-scenario.ts) sends;
 * none may appear in the audit log.
 */
export const SCENARIO_SECRETS = {
  providerKey: 'sk-audit-provider-key-0001',
  providerKey2: 'sk-audit-provider-key-0002',
  awsSecret: 'aws-audit-secret-access-key-0003',
  keySecret: 'sy-audit-virtual-key-0004',
  mcpBearer: 'mcp-audit-bearer-token-0005',
  oauthSecret: 'oauth-audit-client-secret-0006',
  webhookAuth: 'webhook-audit-authorization-0007',
  applyProviderKey: 'sk-audit-applied-provider-0008',
  applyKeySecret: 'sy-audit-applied-key-0009',
  applyMcpBearer: 'mcp-audit-applied-bearer-0010',
  applyHeader: 'mcp-audit-applied-header-0011',
  password: 'audit-user-password-0012',
  password2: 'audit-user-password-0013',
  password3: 'audit-user-password-0014',
  oidcClientSecret: 'oidc-audit-client-secret-0015',
  budgetWebhookSecret: 'budget-audit-webhook-secret-0016',
};

/** One mutation of the scenario: its GraphQL, its variables, and what to keep from its answer. */
export interface AuditStep {
  mutation: string;
  run(): Promise<void>;
  /** Who the entry names, when not the admin token (a signed-in user's own actions). */
  actor?: () => { actorKind: string; actorId: string };
}
