import { openSecret, parseSecretKey, validateSnapshot, type Snapshot } from '@switchyard/proto';
import { eventually, readKvSnapshot, sql } from './support/infra';
import { SNAPSHOT_KEY, startTestPlane, type TestPlane } from './support/plane';

const PLANTED_API_KEY = 'sk-planted-6f1d2c9a8b7e4d3c';
let t: TestPlane;
let workspaceId: string;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

async function kvSnapshot(): Promise<{ raw: Buffer; snapshot: Snapshot }> {
  const raw = await readKvSnapshot(t.bucket);
  if (!raw) throw new Error('no snapshot in the KV');
  return { raw, snapshot: JSON.parse(raw.toString('utf8')) as Snapshot };
}

async function latestVersion(): Promise<number> {
  const res = await t.ok<{ latestSnapshot: { version: number } }>('{ latestSnapshot { version } }');
  return res.latestSnapshot.version;
}

it('publishes an initial snapshot at start', async () => {
  const { snapshot } = await eventually(() => kvSnapshot(), 5000, 'the initial snapshot');
  expect(snapshot.version).toBe(await latestVersion());
  expect(snapshot.content).toEqual({ workspaces: [], providers: [], routes: [], keys: [] });
});

it('publishes a new valid snapshot before the mutation returns', async () => {
  const before = await latestVersion();
  const ws = await t.ok<{ createWorkspace: { id: string } }>(
    'mutation { createWorkspace(input: {slug: "pub", name: "Pub"}) { id } }',
  );
  workspaceId = ws.createWorkspace.id;
  const { snapshot } = await kvSnapshot(); // no polling: the mutation awaited the publish
  expect(snapshot.version).toBeGreaterThan(before);
  expect(validateSnapshot(snapshot).ok).toBe(true);
  expect(snapshot.content.workspaces).toEqual([{ id: workspaceId, slug: 'pub', name: 'Pub' }]);
});

it('never shows a provider credential in plaintext: not in the API, the database row nor the KV', async () => {
  const created = await t.gql<{ createProviderAccount: { id: string } }>(
    `mutation($input: CreateProviderAccountInput!) {
       createProviderAccount(input: $input) { id workspaceId name kind baseUrl hasCredentials createdAt updatedAt }
     }`,
    {
      input: {
        workspaceId,
        name: 'openai',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:9001/v1',
        apiKey: PLANTED_API_KEY,
      },
    },
  );
  const providerId = created.data!.createProviderAccount.id;
  const list = await t.gql(
    `query($w: ID!) { providerAccounts(workspaceId: $w) { id name hasCredentials } }`,
    {
      w: workspaceId,
    },
  );
  expect(created.raw + list.raw).not.toContain(PLANTED_API_KEY);

  const rows = await sql(t.databaseUrl, 'SELECT * FROM provider_accounts');
  expect(JSON.stringify(rows)).not.toContain(PLANTED_API_KEY);
  expect(rows[0].credentials_sealed).toMatch(/^sy1:/);
  const snapshots = await sql(t.databaseUrl, 'SELECT content::text AS content FROM snapshots');
  expect(JSON.stringify(snapshots)).not.toContain(PLANTED_API_KEY);

  const { raw, snapshot } = await kvSnapshot();
  expect(raw.includes(Buffer.from(PLANTED_API_KEY))).toBe(false);
  expect(validateSnapshot(snapshot).ok).toBe(true);
  const sealed = snapshot.content.providers.find((p) => p.id === providerId)!.credentials!;
  const opened = JSON.parse(openSecret(parseSecretKey(SNAPSHOT_KEY, 'SNAPSHOT_KEY'), providerId, sealed));
  expect(opened).toEqual({ apiKey: PLANTED_API_KEY });
});

it('puts key hashes, never secrets, in the snapshot, and leaves revoked keys out', async () => {
  const providers = await t.ok<{ providerAccounts: Array<{ id: string }> }>(
    `query($w: ID!) { providerAccounts(workspaceId: $w) { id } }`,
    { w: workspaceId },
  );
  const route = await t.ok<{ createRoute: { id: string } }>(
    `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
    {
      input: {
        workspaceId,
        alias: 'fast',
        targets: [{ providerId: providers.providerAccounts[0].id, model: 'gpt-4o-mini' }],
      },
    },
  );
  const created = await t.ok<{ createVirtualKey: { secret: string; key: { id: string } } }>(
    `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { secret key { id } } }`,
    {
      input: {
        workspaceId,
        name: 'app',
        allowedRouteIds: [route.createRoute.id],
        expiresAt: '2030-01-01T00:00:00Z',
      },
    },
  );
  const { id: keyId } = created.createVirtualKey.key;
  const withKey = await kvSnapshot();
  expect(withKey.raw.includes(Buffer.from(created.createVirtualKey.secret))).toBe(false);
  let snapshot = withKey.snapshot;
  expect(snapshot.content.keys).toEqual([
    expect.objectContaining({
      id: keyId,
      expiresAt: '2030-01-01T00:00:00.000Z',
      allowedRouteIds: [route.createRoute.id],
    }),
  ]);
  const versionWithKey = snapshot.version;

  await t.ok(`mutation($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id } }`, {
    input: { workspaceId, id: keyId },
  });
  ({ snapshot } = await kvSnapshot());
  expect(snapshot.version).toBeGreaterThan(versionWithKey);
  expect(snapshot.content.keys).toEqual([]);
  expect(validateSnapshot(snapshot).ok).toBe(true);
});

it('does not publish a new version when a mutation changes nothing enforced', async () => {
  const before = (await kvSnapshot()).snapshot.version;
  // Renaming to the same name: the compiled content, hence the hash, is unchanged.
  await t.ok(`mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { id } }`, {
    input: { id: workspaceId, name: 'Pub' },
  });
  expect((await kvSnapshot()).snapshot.version).toBe(before);
  expect(await latestVersion()).toBe(before);
});
