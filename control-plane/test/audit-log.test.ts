import { hashKeySecret } from '@switchyard/proto';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { sql } from './support/infra';
import { auditApi } from './support/audit';
import { startTestPlane, type TestPlane } from './support/plane';

// Every mutation of the schema leaves an entry, and no secret any of them carries is stored.

/**
 * Mutations that are not expected to leave an audit entry, each with the reason. Every
 * other mutation of the schema must have a step in `steps()` below, so a new mutation
 * fails this test until it is shown to be audited (or listed here).
 */
const NOT_AUDITED: Record<string, string> = {
  login:
    'made without a principal (nobody to attribute it to yet); the session it creates is what later entries name',
};

/** Every plaintext secret the scenario sends; none may appear in the audit log. */
const SECRETS = {
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

let t: TestPlane;
let auditLog: ReturnType<typeof auditApi>['auditLog'];

beforeAll(async () => {
  t = await startTestPlane();
  ({ auditLog } = auditApi(t));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function mutationNames(): Promise<string[]> {
  const data = await t.ok<IntrospectionQuery>(getIntrospectionQuery());
  const fields = buildClientSchema(data).getMutationType()?.getFields() ?? {};
  return Object.keys(fields).sort();
}

/** One mutation of the scenario: its GraphQL, its variables, and what to keep from its answer. */
interface Step {
  mutation: string;
  run(): Promise<void>;
  /** Who the entry names, when not the admin token (a signed-in user's own actions). */
  actor?: () => { actorKind: string; actorId: string };
}

/**
 * A scenario calling every mutation once, in an order that works (create, change, then
 * delete), sending a secret wherever a mutation takes one.
 */
function steps(ids: Record<string, string>, sealed: string[]): Step[] {
  const call = (
    mutation: string,
    input: () => Record<string, unknown>,
    select: string,
    keep?: (d: never) => void,
  ) => ({
    mutation,
    run: async () => {
      const inputType = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
      const type =
        mutation === 'attachGuardrailPolicy' || mutation === 'detachGuardrailPolicy'
          ? 'GuardrailAttachmentInput'
          : inputType;
      const data = await t.ok<Record<string, never>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { ${select} } }`,
        { input: input() },
      );
      keep?.(data[mutation]);
    },
  });
  const ws = () => ids.workspace;
  const keepSealed = async (table: string, id: string) => {
    const rows = await sql<{ s: string | null }>(
      t.databaseUrl,
      `SELECT credentials_sealed AS s FROM ${table} WHERE id = $1`,
      [id],
    );
    if (rows[0]?.s) sealed.push(rows[0].s);
  };
  return [
    call(
      'createWorkspace',
      () => ({ slug: 'scenario', name: 'Scenario' }),
      'id',
      (d: { id: string }) => {
        ids.workspace = d.id;
      },
    ),
    call('updateWorkspace', () => ({ id: ws(), name: 'Scenario renamed' }), 'id'),
    call(
      'createProviderAccount',
      () => ({
        workspaceId: ws(),
        name: 'p1',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:9001/v1',
        apiKey: SECRETS.providerKey,
      }),
      'id',
      (d: { id: string }) => {
        ids.provider = d.id;
      },
    ),
    call(
      'updateProviderAccount',
      () => ({ workspaceId: ws(), id: ids.provider, name: 'p1b', apiKey: SECRETS.providerKey2 }),
      'id',
    ),
    call(
      'createRoute',
      () => ({
        workspaceId: ws(),
        alias: 'fast',
        targets: [{ providerId: ids.provider, model: 'gpt-4o-mini' }],
      }),
      'id',
      (d: { id: string }) => {
        ids.route = d.id;
      },
    ),
    call(
      'updateRoute',
      () => ({ workspaceId: ws(), id: ids.route, targets: [{ providerId: ids.provider, model: 'gpt-4o' }] }),
      'id',
    ),
    call(
      'createVirtualKey',
      () => ({ workspaceId: ws(), name: 'ci', secret: SECRETS.keySecret, allowedRouteIds: [ids.route] }),
      'key { id } secret',
      (d: { key: { id: string } }) => {
        ids.key = d.key.id;
      },
    ),
    call('updateVirtualKey', () => ({ workspaceId: ws(), id: ids.key, name: 'ci-2' }), 'id'),
    call(
      'createModelPrice',
      () => ({
        workspaceId: ws(),
        providerKind: 'openai',
        model: 'audit-model',
        inputPerMTok: 1,
        outputPerMTok: 2,
      }),
      'id',
      (d: { id: string }) => {
        ids.price = d.id;
      },
    ),
    call('updateModelPrice', () => ({ workspaceId: ws(), id: ids.price, inputPerMTok: 3 }), 'id'),
    call(
      'createMcpServer',
      () => ({
        workspaceId: ws(),
        slug: 'weather',
        name: 'Weather',
        url: 'https://weather.example.com/mcp',
        auth: { bearerToken: SECRETS.mcpBearer },
      }),
      'id',
      (d: { id: string }) => {
        ids.mcp = d.id;
      },
    ),
    call(
      'updateMcpServer',
      () => ({
        workspaceId: ws(),
        id: ids.mcp,
        auth: {
          oauth: {
            tokenUrl: 'https://auth.example.com/token',
            clientId: 'c',
            clientSecret: SECRETS.oauthSecret,
          },
        },
      }),
      'id',
    ),
    call(
      'setMcpAccess',
      () => ({ workspaceId: ws(), keyId: ids.key, serverId: ids.mcp, allowTools: ['forecast*'] }),
      'keyId',
    ),
    call(
      'createGuardrailPolicy',
      () => ({
        workspaceId: ws(),
        name: 'safety',
        checks: [
          {
            type: 'webhook',
            params: {
              url: 'https://policy.example.com/check',
              headers: { Authorization: `Bearer ${SECRETS.webhookAuth}` },
            },
          },
          { type: 'pii' },
        ],
      }),
      'id',
      (d: { id: string }) => {
        ids.policy = d.id;
      },
    ),
    call('updateGuardrailPolicy', () => ({ workspaceId: ws(), id: ids.policy, action: 'flag' }), 'id'),
    call(
      'createBudget',
      () => ({
        workspaceId: ws(),
        name: 'monthly',
        scope: 'workspace',
        limitMicroUsd: 5_000_000,
        period: 'monthly',
        webhookUrl: 'https://hooks.example.com/budget',
        webhookSecret: SECRETS.budgetWebhookSecret,
      }),
      'id',
      (d: { id: string }) => {
        ids.budget = d.id;
      },
    ),
    call('updateBudget', () => ({ workspaceId: ws(), id: ids.budget, limitMicroUsd: 6_000_000 }), 'id'),
    call('deleteBudget', () => ({ workspaceId: ws(), id: ids.budget }), 'id'),
    call(
      'setRateLimit',
      () => ({ workspaceId: ws(), routeId: ids.route, requestsPerWindow: 600 }),
      'id',
      (d: { id: string }) => {
        ids.rateLimit = d.id;
      },
    ),
    call('deleteRateLimit', () => ({ workspaceId: ws(), id: ids.rateLimit }), 'id'),
    call(
      'createPrompt',
      () => ({
        workspaceId: ws(),
        slug: 'greeting',
        name: 'Greeting',
        version: { model: 'fast', messages: [{ role: 'user', content: 'Hello {{name}}' }] },
      }),
      'id',
      (d: { id: string }) => {
        ids.prompt = d.id;
      },
    ),
    call('updatePrompt', () => ({ workspaceId: ws(), id: ids.prompt, name: 'Greeting 2' }), 'id'),
    call(
      'createPromptVersion',
      () => ({
        workspaceId: ws(),
        promptId: ids.prompt,
        model: 'fast',
        messages: [{ role: 'user', content: 'Hi {{name}}' }],
      }),
      'version',
    ),
    call(
      'setPromptLabel',
      () => ({ workspaceId: ws(), promptId: ids.prompt, label: 'production', version: 2 }),
      'id',
    ),
    call('removePromptLabel', () => ({ workspaceId: ws(), promptId: ids.prompt, label: 'production' }), 'id'),
    call('deletePrompt', () => ({ workspaceId: ws(), id: ids.prompt }), 'id'),
    call(
      'attachGuardrailPolicy',
      () => ({ workspaceId: ws(), policyId: ids.policy, routeId: ids.route }),
      'id',
    ),
    call(
      'detachGuardrailPolicy',
      () => ({ workspaceId: ws(), policyId: ids.policy, routeId: ids.route }),
      'id',
    ),
    {
      mutation: 'keepSealed',
      run: async () => {
        await keepSealed('provider_accounts', ids.provider);
        await keepSealed('mcp_servers', ids.mcp);
      },
    },
    call('revokeVirtualKey', () => ({ workspaceId: ws(), id: ids.key }), 'id'),
    call('removeMcpAccess', () => ({ workspaceId: ws(), keyId: ids.key, serverId: ids.mcp }), 'keyId'),
    call('deleteMcpServer', () => ({ workspaceId: ws(), id: ids.mcp }), 'id'),
    call('deleteModelPrice', () => ({ workspaceId: ws(), id: ids.price }), 'id'),
    call('deleteGuardrailPolicy', () => ({ workspaceId: ws(), id: ids.policy }), 'id'),
    call('deleteRoute', () => ({ workspaceId: ws(), id: ids.route }), 'id'),
    // Changes nothing, but is an admin mutation (it sends the stored credentials upstream): audited.
    call('testProviderAccount', () => ({ workspaceId: ws(), id: ids.provider }), 'ok'),
    call('deleteProviderAccount', () => ({ workspaceId: ws(), id: ids.provider }), 'id'),
    call(
      'applyConfig',
      () => ({
        workspaces: [
          {
            slug: 'applied',
            name: 'Applied',
            providers: [
              {
                name: 'op',
                kind: 'openai',
                baseUrl: 'http://127.0.0.1:9001/v1',
                apiKey: SECRETS.applyProviderKey,
              },
              {
                name: 'aws',
                kind: 'bedrock',
                options: { region: 'us-east-1' },
                awsAccessKeyId: 'AKIAAUDIT',
                awsSecretAccessKey: SECRETS.awsSecret,
              },
            ],
            routes: [{ alias: 'a', targets: [{ provider: 'op', model: 'gpt-4o-mini' }] }],
            keys: [{ name: 'k', secret: SECRETS.applyKeySecret }],
            mcpServers: [
              {
                slug: 'tools',
                name: 'Tools',
                url: 'https://tools.example.com/mcp',
                bearerToken: SECRETS.applyMcpBearer,
                headers: [{ name: 'X-Api-Key', value: SECRETS.applyHeader }],
                access: [{ key: 'k' }],
              },
            ],
          },
        ],
      }),
      'changes { kind name action }',
    ),
    {
      mutation: 'keepSealedApplied',
      run: async () => {
        const rows = await sql<{ s: string }>(
          t.databaseUrl,
          `SELECT credentials_sealed AS s FROM provider_accounts WHERE credentials_sealed IS NOT NULL
           UNION ALL SELECT credentials_sealed FROM mcp_servers WHERE credentials_sealed IS NOT NULL`,
        );
        sealed.push(...rows.map((r) => r.s));
      },
    },
    ...identitySteps(ids, ws),
    call('deleteWorkspace', () => ({ id: ws() }), 'id'),
  ];
}

/** Users, members, sessions and API tokens: the user's own actions are made with their session. */
function identitySteps(ids: Record<string, string>, ws: () => string): Step[] {
  const email = 'audited-user@example.com';
  const as = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await t.gql<Record<string, never>>(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${res.raw}`);
    return res.data;
  };
  const admin = (
    mutation: string,
    type: string,
    input: () => Record<string, unknown>,
    select: string,
    keep?: (d: never) => void,
  ): Step => ({
    mutation,
    run: async () => {
      const data = await t.ok<Record<string, never>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { ${select} } }`,
        { input: input() },
      );
      keep?.(data[mutation]);
    },
  });
  const user = () => ({ actorKind: 'user', actorId: ids.user });
  return [
    admin(
      'createUser',
      'CreateUserInput',
      () => ({ email, password: SECRETS.password }),
      'id',
      (d: { id: string }) => {
        ids.user = d.id;
      },
    ),
    admin(
      'setUserPassword',
      'SetUserPasswordInput',
      () => ({ userId: ids.user, password: SECRETS.password2 }),
      'id',
    ),
    admin(
      'setInstallationAdmin',
      'SetInstallationAdminInput',
      () => ({ userId: ids.user, installationAdmin: false }),
      'id',
    ),
    admin(
      'addWorkspaceMember',
      'AddWorkspaceMemberInput',
      () => ({ workspaceId: ws(), email, role: 'MEMBER' }),
      'role',
    ),
    admin(
      'setWorkspaceMemberRole',
      'SetWorkspaceMemberRoleInput',
      () => ({ workspaceId: ws(), userId: ids.user, role: 'ADMIN' }),
      'role',
    ),
    {
      mutation: 'login',
      // Made without a principal: the entry is anonymous (the session it opens names the user from then on).
      actor: () => ({ actorKind: 'anonymous', actorId: 'anonymous' }),
      run: async () => {
        const data = await as(
          '',
          `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
          {
            e: email,
            p: SECRETS.password2,
          },
        );
        ids.session = (data.login as { token: string }).token;
      },
    },
    {
      mutation: 'changePassword',
      actor: user,
      run: async () => {
        await as(
          ids.session,
          `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }`,
          {
            input: { currentPassword: SECRETS.password2, newPassword: SECRETS.password3 },
          },
        );
      },
    },
    {
      mutation: 'createApiToken',
      actor: user,
      run: async () => {
        const data = await as(
          ids.session,
          `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token { id } secret } }`,
          {
            input: { workspaceId: ws(), name: 'ci', role: 'VIEWER' },
          },
        );
        const created = data.createApiToken as { token: { id: string }; secret: string };
        ids.apiToken = created.token.id;
        ids.apiTokenSecret = created.secret;
      },
    },
    {
      mutation: 'revokeApiToken',
      actor: user,
      run: async () => {
        await as(
          ids.session,
          `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id } }`,
          {
            input: { workspaceId: ws(), id: ids.apiToken },
          },
        );
      },
    },
    {
      mutation: 'logout',
      actor: user,
      run: async () => {
        await as(ids.session, `mutation { logout }`, {});
      },
    },
    admin(
      'setOidcSettings',
      'SetOidcSettingsInput',
      () => ({
        issuer: 'https://idp.example.com',
        clientId: 'switchyard',
        clientSecret: SECRETS.oidcClientSecret,
        redirectUri: 'https://switchyard.example.com/auth/oidc/callback',
      }),
      'issuer',
    ),
    {
      mutation: 'clearOidcSettings',
      run: async () => {
        await t.ok(`mutation { clearOidcSettings }`);
      },
    },
    admin(
      'createScimToken',
      'CreateScimTokenInput',
      () => ({ name: 'okta' }),
      'token { id } secret',
      (d: { token: { id: string }; secret: string }) => {
        ids.scimToken = d.token.id;
        ids.scimSecret = d.secret;
      },
    ),
    admin('revokeScimToken', 'RevokeScimTokenInput', () => ({ id: ids.scimToken }), 'id'),
    admin(
      'setGroupRoleMapping',
      'SetGroupRoleMappingInput',
      () => ({ group: 'engineers', workspaceId: ws(), role: 'MEMBER' }),
      'id',
    ),
    admin(
      'deleteGroupRoleMapping',
      'DeleteGroupRoleMappingInput',
      () => ({ group: 'engineers', workspaceId: ws() }),
      'id',
    ),
    admin(
      'removeWorkspaceMember',
      'RemoveWorkspaceMemberInput',
      () => ({ workspaceId: ws(), userId: ids.user }),
      'role',
    ),
    admin('setUserActive', 'SetUserActiveInput', () => ({ userId: ids.user, active: false }), 'id'),
  ];
}

describe('every mutation is audited', () => {
  it('calls each mutation of the schema and finds its entry; no secret is in any entry', async () => {
    const ids: Record<string, string> = {};
    const sealed: string[] = [];
    const scenario = steps(ids, sealed);
    const covered = new Set([...scenario.map((s) => s.mutation), ...Object.keys(NOT_AUDITED)]);
    const missing = (await mutationNames()).filter((m) => !covered.has(m));
    // A mutation listed here has no step: add one to steps() (or a reason to NOT_AUDITED).
    expect(missing).toEqual([]);

    const mutations = new Set(await mutationNames());
    for (const step of scenario) {
      const before = mutations.has(step.mutation) ? await auditLog({ action: step.mutation }) : null;
      await step.run();
      if (!before) continue;
      const after = await auditLog({ action: step.mutation });
      // Exactly one new entry, a success, by the admin token.
      expect({ mutation: step.mutation, added: after.nodes.length - before.nodes.length }).toEqual({
        mutation: step.mutation,
        added: 1,
      });
      expect(after.nodes[0]).toMatchObject({
        outcome: 'success',
        ...(step.actor?.() ?? { actorKind: 'admin-token', actorId: 'bootstrap-admin' }),
      });
    }

    // No plaintext secret, key hash or sealed credential anywhere in the stored rows.
    const dump = (
      await sql<{ row: string }>(t.databaseUrl, `SELECT row_to_json(a)::text AS row FROM audit_log a`)
    )
      .map((r) => r.row)
      .join('\n');
    expect(sealed.length).toBeGreaterThanOrEqual(4);
    const forbidden = [
      ...Object.values(SECRETS),
      hashKeySecret(SECRETS.keySecret),
      hashKeySecret(SECRETS.applyKeySecret),
      ...sealed,
    ];
    if (ids.apiTokenSecret) forbidden.push(ids.apiTokenSecret, ids.session);
    if (ids.scimSecret) forbidden.push(ids.scimSecret);
    for (const secret of forbidden) expect(dump.includes(secret) ? secret : null).toBeNull();
    // ...while the fields that held them are there, masked.
    for (const masked of ['credentialsSealed', 'keyHash', 'Authorization']) {
      expect({ masked, found: dump.includes(`"${masked}": "***"`) }).toEqual({ masked, found: true });
    }
  }, 120_000);
});
