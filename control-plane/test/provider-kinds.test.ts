import { openSecret } from '@switchyard/proto';
import { SNAPSHOT_KEY, type TestPlane } from './support/plane';
import { CREATE_PROVIDER, reasonOf, startRoutingPlane, type RoutingApi } from './support/routing';

// Provider accounts of every kind: preset base URLs, options, sealed credentials, refusals.

let t: TestPlane;
let ws: string;
let openai: string;
let published: RoutingApi['published'];

beforeAll(async () => {
  ({ t, ws, openai, published } = await startRoutingPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('providers of every kind', () => {
  it('defaults a preset base URL, keeps options and seals every credential field', async () => {
    const created = await t.gql<{ createProviderAccount: { id: string; baseUrl: string; options: unknown } }>(
      CREATE_PROVIDER,
      { input: { workspaceId: ws, name: 'groq', kind: 'groq', apiKey: 'gsk-secret-value' } },
    );
    expect(created.data?.createProviderAccount.baseUrl).toBe('https://api.groq.com/openai/v1');

    const bedrock = await t.gql<{
      createProviderAccount: { id: string; options: unknown; hasCredentials: boolean };
    }>(CREATE_PROVIDER, {
      input: {
        workspaceId: ws,
        name: 'aws',
        kind: 'bedrock',
        baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
        options: { region: 'us-east-1' },
        awsAccessKeyId: 'AKIA-planted',
        awsSecretAccessKey: 'aws-secret-planted',
      },
    });
    expect(bedrock.data?.createProviderAccount).toMatchObject({
      options: { region: 'us-east-1' },
      hasCredentials: true,
    });
    expect(bedrock.raw).not.toMatch(/planted/);
    const id = bedrock.data!.createProviderAccount.id;

    const updated = await t.gql(
      `mutation($input: UpdateProviderAccountInput!) { updateProviderAccount(input: $input) { id options } }`,
      { input: { workspaceId: ws, id, awsSessionToken: 'session-planted', awsAccessKeyId: null } },
    );
    expect(updated.errors).toBeUndefined();
    const list = await t.gql(
      `query($w: ID!) { providerAccounts(workspaceId: $w) { id name kind baseUrl options hasCredentials } }`,
      { w: ws },
    );
    expect(list.raw).not.toMatch(/planted|gsk-secret/);

    const snapshot = await published();
    const p = snapshot.content.providers.find((x) => x.id === id)!;
    expect(p.options).toEqual({ region: 'us-east-1' });
    expect(JSON.parse(openSecret(Buffer.from(SNAPSHOT_KEY, 'hex'), id, p.credentials!))).toEqual({
      awsSecretAccessKey: 'aws-secret-planted',
      awsSessionToken: 'session-planted',
    });
    expect(snapshot.content.providers.find((x) => x.id === openai)!.options).toBeUndefined();
  });

  it('refuses a missing bedrock region or vertex project, bad options, and a non-preset kind without a base URL', async () => {
    const create = (input: Record<string, unknown>) =>
      t.gql(CREATE_PROVIDER, { input: { workspaceId: ws, name: `p-${Math.random()}`, ...input } });
    const bedrock = await create({
      kind: 'bedrock',
      baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
    });
    expect(reasonOf(bedrock)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_MISSING_OPTION']);
    expect(bedrock.errors?.[0].message).toMatch(/region/);
    const vertex = await create({
      kind: 'vertex',
      baseUrl: 'https://x.example/v1',
      options: { project: 'p' },
    });
    expect(reasonOf(vertex)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_MISSING_OPTION']);
    expect(vertex.errors?.[0].message).toMatch(/location/);
    const nested = await create({
      kind: 'azure-openai',
      baseUrl: 'https://x.example',
      options: { apiVersion: { v: 1 } },
    });
    expect(reasonOf(nested)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_INVALID_OPTIONS']);
    const azure = await create({
      kind: 'azure-openai',
      baseUrl: 'https://x.openai.azure.com/openai',
      clientId: 'c',
      clientSecret: 's',
    });
    expect(azure.errors).toBeUndefined();
    expect(reasonOf(await create({ kind: 'azure-openai' }))).toEqual([
      'BAD_USER_INPUT',
      'PROVIDER_ACCOUNT_BASE_URL_REQUIRED',
    ]);
    const badKey = await create({
      kind: 'vertex',
      baseUrl: 'https://x.example/v1',
      options: { project: 'p', location: 'l' },
      serviceAccountJson: 'nope',
    });
    expect(reasonOf(badKey)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_INVALID_CREDENTIALS']);
  });
});
