import { startTestPlane, type TestPlane } from './support/plane';

/**
 * URLs the data plane will call for a workspace are refused when written if they name a
 * private, loopback or link-local destination the installation does not allow. This plane
 * allows only 10.1.0.0/16 (not loopback, unlike the other tests' planes).
 */
let t: TestPlane;
let workspaceId: string;

const CREATE_PROVIDER = `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`;
const UPDATE_PROVIDER = `mutation($input: UpdateProviderAccountInput!) { updateProviderAccount(input: $input) { id baseUrl } }`;
const APPLY = `mutation($input: ApplyConfigInput!) { applyConfig(input: $input) { snapshotVersion } }`;

function errorOf(res: {
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
}) {
  return res.errors?.[0];
}

beforeAll(async () => {
  t = await startTestPlane({ SWITCHYARD_OUTBOUND_ALLOW: '10.1.0.0/16' });
  const data = await t.ok<{ createWorkspace: { id: string } }>(
    `mutation { createWorkspace(input: { slug: "ssrf", name: "SSRF" }) { id } }`,
  );
  workspaceId = data.createWorkspace.id;
});

afterAll(async () => {
  await t?.close();
});

describe('outbound URL policy at write time', () => {
  it.each([
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['loopback', 'http://127.0.0.1:8000/v1'],
    ['localhost', 'http://localhost:11434/v1'],
    ['a private range not on the list', 'http://10.2.0.1/v1'],
    ['IPv6 unique local', 'http://[fd00::1]/v1'],
  ])('refuses a provider on %s', async (_what, baseUrl) => {
    const res = await t.gql(CREATE_PROVIDER, {
      input: { workspaceId, name: 'p', kind: 'openai', baseUrl, apiKey: 'sk-x' },
    });
    expect(errorOf(res)).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'URL_NOT_ALLOWED' },
      message: expect.stringContaining('provider p baseUrl'),
    });
    const providers = await t.ok<{ providerAccounts: unknown[] }>(
      `query($w: ID!) { providerAccounts(workspaceId: $w) { id } }`,
      { w: workspaceId },
    );
    expect(providers.providerAccounts).toHaveLength(0);
  });

  it('accepts public names and allowed ranges, and refuses an update to a private address', async () => {
    const created = await t.ok<{ createProviderAccount: { id: string } }>(CREATE_PROVIDER, {
      input: { workspaceId, name: 'allowed', kind: 'openai', baseUrl: 'http://10.1.2.3/v1', apiKey: 'sk-x' },
    });
    const id = created.createProviderAccount.id;
    await t.ok(CREATE_PROVIDER, {
      input: {
        workspaceId,
        name: 'public',
        kind: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-x',
      },
    });
    const res = await t.gql(UPDATE_PROVIDER, {
      input: { workspaceId, id, baseUrl: 'http://192.168.0.10/v1' },
    });
    expect(errorOf(res)?.extensions?.reason).toBe('URL_NOT_ALLOWED');
  });

  it('refuses the same through YAML apply, for providers and guardrail webhooks', async () => {
    const provider = await t.gql(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'ssrf-yaml',
            name: 'YAML',
            providers: [{ name: 'local', kind: 'ollama' }],
          },
        ],
      },
    });
    expect(errorOf(provider)).toMatchObject({
      extensions: { reason: 'URL_NOT_ALLOWED' },
      message: expect.stringContaining('workspace ssrf-yaml: provider local baseUrl'),
    });
    const webhook = await t.gql(
      `mutation($input: CreateGuardrailPolicyInput!) { createGuardrailPolicy(input: $input) { id } }`,
      {
        input: {
          workspaceId,
          name: 'hook',
          stage: 'input',
          checks: [{ name: 'desk', type: 'webhook', params: { url: 'http://169.254.169.254/hook' } }],
        },
      },
    );
    expect(errorOf(webhook)).toMatchObject({
      extensions: { reason: 'URL_NOT_ALLOWED' },
      message: expect.stringContaining('guardrail policy hook webhook url'),
    });
  });

  it('refuses a budget webhook on a private address', async () => {
    const res = await t.gql(`mutation($input: CreateBudgetInput!) { createBudget(input: $input) { id } }`, {
      input: {
        workspaceId,
        name: 'b',
        scope: 'workspace',
        limitMicroUsd: 1_000_000,
        period: 'daily',
        webhookUrl: 'http://10.9.9.9/hook',
      },
    });
    expect(errorOf(res)).toMatchObject({
      extensions: { reason: 'URL_NOT_ALLOWED' },
      message: expect.stringContaining('webhookUrl'),
    });
  });
});
