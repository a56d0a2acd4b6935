import { identitySteps } from './audit-scenario-identity';
import { SCENARIO_SECRETS, type AuditStep } from './audit';
import { sql } from './infra';
import type { TestPlane } from './plane';

/**
 * A scenario calling every mutation once, in an order that works (create, change, then
 * delete), sending a secret wherever a mutation takes one.
 */
export function auditScenario(t: TestPlane, ids: Record<string, string>, sealed: string[]): AuditStep[] {
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
        apiKey: SCENARIO_SECRETS.providerKey,
      }),
      'id',
      (d: { id: string }) => {
        ids.provider = d.id;
      },
    ),
    call(
      'updateProviderAccount',
      () => ({ workspaceId: ws(), id: ids.provider, name: 'p1b', apiKey: SCENARIO_SECRETS.providerKey2 }),
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
      () => ({
        workspaceId: ws(),
        name: 'ci',
        secret: SCENARIO_SECRETS.keySecret,
        allowedRouteIds: [ids.route],
      }),
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
        auth: { bearerToken: SCENARIO_SECRETS.mcpBearer },
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
            clientSecret: SCENARIO_SECRETS.oauthSecret,
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
              headers: { Authorization: `Bearer ${SCENARIO_SECRETS.webhookAuth}` },
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
        webhookSecret: SCENARIO_SECRETS.budgetWebhookSecret,
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
                apiKey: SCENARIO_SECRETS.applyProviderKey,
              },
              {
                name: 'aws',
                kind: 'bedrock',
                options: { region: 'us-east-1' },
                awsAccessKeyId: 'AKIAAUDIT',
                awsSecretAccessKey: SCENARIO_SECRETS.awsSecret,
              },
            ],
            routes: [{ alias: 'a', targets: [{ provider: 'op', model: 'gpt-4o-mini' }] }],
            keys: [{ name: 'k', secret: SCENARIO_SECRETS.applyKeySecret }],
            mcpServers: [
              {
                slug: 'tools',
                name: 'Tools',
                url: 'https://tools.example.com/mcp',
                bearerToken: SCENARIO_SECRETS.applyMcpBearer,
                headers: [{ name: 'X-Api-Key', value: SCENARIO_SECRETS.applyHeader }],
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
    ...identitySteps(t, ids, ws),
    call('deleteWorkspace', () => ({ id: ws() }), 'id'),
  ];
}
