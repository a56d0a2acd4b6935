import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestPlane, type TestPlane } from './support/plane';

const WORKSPACE = 'id slug name createdAt';
const PROVIDER = 'id workspaceId name kind baseUrl hasCredentials createdAt updatedAt';
const ROUTE = 'id workspaceId alias strategy targets { providerId model } createdAt updatedAt';
const KEY = 'id workspaceId name prefix expiresAt revokedAt allowedRouteIds createdAt';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

async function createWorkspace(slug: string): Promise<string> {
  const data = await t.ok<{ createWorkspace: { id: string } }>(
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { ${WORKSPACE} } }`,
    { input: { slug, name: `Workspace ${slug}` } },
  );
  return data.createWorkspace.id;
}

async function createProvider(workspaceId: string, name: string): Promise<string> {
  const data = await t.ok<{ createProviderAccount: { id: string } }>(
    `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`,
    { input: { workspaceId, name, kind: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'sk-crud' } },
  );
  return data.createProviderAccount.id;
}

function codeOf(res: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

describe('authentication', () => {
  it('refuses a request without a token or with a wrong one as UNAUTHENTICATED', async () => {
    const missing = await t.gql('{ workspaces { id } }', {}, null);
    expect(codeOf(missing)).toBe('UNAUTHENTICATED');
    expect(missing.data ?? null).toBeNull();
    const wrong = await t.gql('{ workspaces { id } }', {}, 'not-the-admin-token-at-all');
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    const mutation = await t.gql(
      'mutation { createWorkspace(input: {slug: "x", name: "X"}) { id } }',
      {},
      null,
    );
    expect(codeOf(mutation)).toBe('UNAUTHENTICATED');
  });

  it('answers with the admin token', async () => {
    const res = await t.gql('{ workspaces { id } }');
    expect(res.errors).toBeUndefined();
  });
});

describe('workspaces', () => {
  it('creates, reads, lists, renames and deletes', async () => {
    const id = await createWorkspace('crud-ws');
    const one = await t.ok<{ workspace: { slug: string } }>(
      `query($id: ID!) { workspace(id: $id) { ${WORKSPACE} } }`,
      { id },
    );
    expect(one.workspace.slug).toBe('crud-ws');
    const renamed = await t.ok<{ updateWorkspace: { name: string } }>(
      `mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { name } }`,
      { input: { id, name: 'Renamed' } },
    );
    expect(renamed.updateWorkspace.name).toBe('Renamed');
    const list = await t.ok<{ workspaces: Array<{ id: string }> }>('{ workspaces { id } }');
    expect(list.workspaces.map((w) => w.id)).toContain(id);
    await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
      input: { id },
    });
    const gone = await t.gql(`query($id: ID!) { workspace(id: $id) { id } }`, { id });
    expect(codeOf(gone)).toBe('NOT_FOUND');
  });

  it('deletes a workspace together with its providers, routes and keys', async () => {
    const id = await createWorkspace('cascade');
    const providerId = await createProvider(id, 'p');
    await t.ok(`mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
      input: { workspaceId: id, alias: 'r', targets: [{ providerId, model: 'm' }] },
    });
    await t.ok(`mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { secret } }`, {
      input: { workspaceId: id, name: 'k' },
    });
    await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
      input: { id },
    });
    expect(codeOf(await t.gql(`query($w: ID!) { routes(workspaceId: $w) { id } }`, { w: id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('rejects a bad slug with BAD_USER_INPUT naming the field', async () => {
    for (const slug of ['Bad Slug', '-dash', '', 'x'.repeat(65)]) {
      const res = await t.gql(
        `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
        {
          input: { slug, name: 'N' },
        },
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/slug/);
    }
  });

  it('refuses a duplicate slug with CONFLICT', async () => {
    await createWorkspace('dup-slug');
    const res = await t.gql(`mutation { createWorkspace(input: {slug: "dup-slug", name: "Again"}) { id } }`);
    expect(codeOf(res)).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    expect(codeOf(await t.gql(`query($id: ID!) { workspace(id: $id) { id } }`, { id: UNKNOWN_ID }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await t.gql(`query { providerAccounts(workspaceId: "${UNKNOWN_ID}") { id } }`))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await t.gql(`query { workspace(id: "nope") { id } }`))).toBe('BAD_USER_INPUT');
  });

  it('maps GraphQL validation errors to BAD_USER_INPUT', async () => {
    expect(codeOf(await t.gql(`{ workspaces { nope } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(`mutation { createWorkspace(input: {slug: "a"}) { id } }`))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('provider accounts', () => {
  it('creates, updates and lists without ever returning the key', async () => {
    const workspaceId = await createWorkspace('prov-ws');
    const created = await t.gql<{ createProviderAccount: { id: string; hasCredentials: boolean } }>(
      `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { ${PROVIDER} } }`,
      {
        input: {
          workspaceId,
          name: 'openai',
          kind: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          apiKey: 'sk-never-shown',
        },
      },
    );
    expect(created.data?.createProviderAccount.hasCredentials).toBe(true);
    const id = created.data!.createProviderAccount.id;
    const updated = await t.gql<{ updateProviderAccount: { baseUrl: string; hasCredentials: boolean } }>(
      `mutation($input: UpdateProviderAccountInput!) { updateProviderAccount(input: $input) { ${PROVIDER} } }`,
      { input: { workspaceId, id, baseUrl: 'http://localhost:8000/v1', apiKey: null } },
    );
    expect(updated.data?.updateProviderAccount).toMatchObject({
      baseUrl: 'http://localhost:8000/v1',
      hasCredentials: false,
    });
    const list = await t.gql(`query($w: ID!) { providerAccounts(workspaceId: $w) { ${PROVIDER} } }`, {
      w: workspaceId,
    });
    expect(list.raw).not.toContain('sk-never-shown');
    expect(created.raw).not.toContain('sk-never-shown');
  });

  it('rejects a bad kind or URL with BAD_USER_INPUT', async () => {
    const workspaceId = await createWorkspace('prov-bad');
    const create = (kind: string, baseUrl: string) =>
      t.gql(`mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`, {
        input: { workspaceId, name: 'p', kind, baseUrl },
      });
    const badKind = await create('anthropic-ish', 'https://api.example.com/v1');
    expect(codeOf(badKind)).toBe('BAD_USER_INPUT');
    expect(badKind.errors?.[0].message).toMatch(/kind: must be one of: openai, openai-compatible/);
    for (const url of ['not a url', 'ftp://example.com', 'file:///etc/passwd']) {
      const res = await create('openai', url);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/baseUrl/);
    }
  });

  it('refuses to delete a provider a route targets (CONFLICT), then deletes it', async () => {
    const workspaceId = await createWorkspace('prov-del');
    const providerId = await createProvider(workspaceId, 'p');
    const route = await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId, alias: 'r', targets: [{ providerId, model: 'm' }] } },
    );
    const del = `mutation($input: DeleteProviderAccountInput!) { deleteProviderAccount(input: $input) { id } }`;
    const refused = await t.gql(del, { input: { workspaceId, id: providerId } });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toMatch(/"r"/);
    await t.ok(`mutation($input: DeleteRouteInput!) { deleteRoute(input: $input) { id } }`, {
      input: { workspaceId, id: route.createRoute.id },
    });
    await t.ok(del, { input: { workspaceId, id: providerId } });
  });
});

describe('routes', () => {
  it('creates, updates and lists routes with ordered targets', async () => {
    const workspaceId = await createWorkspace('route-ws');
    const a = await createProvider(workspaceId, 'a');
    const b = await createProvider(workspaceId, 'b');
    const created = await t.ok<{ createRoute: { id: string; strategy: string; targets: unknown[] } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { ${ROUTE} } }`,
      { input: { workspaceId, alias: 'fast', targets: [{ providerId: a, model: 'gpt-4o-mini' }] } },
    );
    expect(created.createRoute.strategy).toBe('single');
    const updated = await t.ok<{ updateRoute: { alias: string; targets: unknown[] } }>(
      `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { ${ROUTE} } }`,
      {
        input: {
          workspaceId,
          id: created.createRoute.id,
          alias: 'quick',
          targets: [
            { providerId: b, model: 'm1' },
            { providerId: a, model: 'm2' },
          ],
        },
      },
    );
    expect(updated.updateRoute).toMatchObject({
      alias: 'quick',
      targets: [
        { providerId: b, model: 'm1' },
        { providerId: a, model: 'm2' },
      ],
    });
    const list = await t.ok<{ routes: Array<{ alias: string }> }>(
      `query($w: ID!) { routes(workspaceId: $w) { ${ROUTE} } }`,
      {
        w: workspaceId,
      },
    );
    expect(list.routes.map((r) => r.alias)).toEqual(['quick']);
  });

  it('refuses a duplicate alias (CONFLICT), no targets and a provider of another workspace (BAD_USER_INPUT)', async () => {
    const workspaceId = await createWorkspace('route-bad');
    const other = await createWorkspace('route-other');
    const providerId = await createProvider(workspaceId, 'p');
    const foreign = await createProvider(other, 'p');
    const create = (alias: string, targets: unknown[]) =>
      t.gql(`mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
        input: { workspaceId, alias, targets },
      });
    expect(codeOf(await create('dup', [{ providerId, model: 'm' }]))).toBeUndefined();
    expect(codeOf(await create('dup', [{ providerId, model: 'm' }]))).toBe('CONFLICT');
    expect(codeOf(await create('empty', []))).toBe('BAD_USER_INPUT');
    const cross = await create('cross', [{ providerId: foreign, model: 'm' }]);
    expect(codeOf(cross)).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an id of another workspace', async () => {
    const mine = await createWorkspace('scope-a');
    const theirs = await createWorkspace('scope-b');
    const providerId = await createProvider(theirs, 'p');
    const route = await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId: theirs, alias: 'r', targets: [{ providerId, model: 'm' }] } },
    );
    const res = await t.gql(`mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, {
      input: { workspaceId: mine, id: route.createRoute.id, alias: 'stolen' },
    });
    expect(codeOf(res)).toBe('NOT_FOUND');
    const prov = await t.gql(
      `mutation($input: UpdateProviderAccountInput!) { updateProviderAccount(input: $input) { id } }`,
      {
        input: { workspaceId: mine, id: providerId, name: 'stolen' },
      },
    );
    expect(codeOf(prov)).toBe('NOT_FOUND');
  });
});

describe('virtual keys', () => {
  it('creates a key, returns its secret once, updates and revokes it', async () => {
    const workspaceId = await createWorkspace('key-ws');
    const providerId = await createProvider(workspaceId, 'p');
    const route = await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId, alias: 'r', targets: [{ providerId, model: 'm' }] } },
    );
    const created = await t.ok<{ createVirtualKey: { secret: string; key: { id: string; prefix: string } } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { secret key { ${KEY} } } }`,
      { input: { workspaceId, name: 'app', allowedRouteIds: [route.createRoute.id] } },
    );
    const { secret, key } = created.createVirtualKey;
    expect(secret).toMatch(/^sy-[A-Za-z0-9]{32}$/);
    expect(key.prefix).toBe(secret.slice(0, 10));
    const list = await t.gql(`query($w: ID!) { virtualKeys(workspaceId: $w) { ${KEY} } }`, {
      w: workspaceId,
    });
    expect(list.raw).not.toContain(secret);

    const expiresAt = '2030-01-01T00:00:00.000Z';
    const updated = await t.ok<{ updateVirtualKey: { expiresAt: string; allowedRouteIds: string[] | null } }>(
      `mutation($input: UpdateVirtualKeyInput!) { updateVirtualKey(input: $input) { ${KEY} } }`,
      { input: { workspaceId, id: key.id, expiresAt, allowedRouteIds: null } },
    );
    expect(updated.updateVirtualKey).toMatchObject({ expiresAt, allowedRouteIds: null });
    const revoked = await t.ok<{ revokeVirtualKey: { revokedAt: string | null } }>(
      `mutation($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { ${KEY} } }`,
      { input: { workspaceId, id: key.id } },
    );
    expect(revoked.revokeVirtualKey.revokedAt).not.toBeNull();
  });

  it('validates fixed secrets and allowed routes', async () => {
    const workspaceId = await createWorkspace('key-bad');
    const other = await createWorkspace('key-other');
    const providerId = await createProvider(other, 'p');
    const foreignRoute = await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId: other, alias: 'r', targets: [{ providerId, model: 'm' }] } },
    );
    const create = (input: Record<string, unknown>) =>
      t.gql(`mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { secret } }`, {
        input: { workspaceId, name: 'k', ...input },
      });
    expect(codeOf(await create({ secret: 'short' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await create({ secret: 'has whitespace inside it' }))).toBe('BAD_USER_INPUT');
    const foreign = await create({ allowedRouteIds: [foreignRoute.createRoute.id] });
    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
    expect(foreign.errors?.[0].message).toMatch(/allowedRouteIds/);
    const fixed = await create({ secret: 'sy-fixed-secret-0123456789' });
    expect(fixed.data).toEqual({ createVirtualKey: { secret: 'sy-fixed-secret-0123456789' } });
    expect(codeOf(await create({ name: 'k2', secret: 'sy-fixed-secret-0123456789' }))).toBe('CONFLICT');
    expect(codeOf(await create({ secret: 'sy-another-secret-0123456789' }))).toBe('CONFLICT');
  });
});

describe('snapshots', () => {
  it('reports the latest snapshot', async () => {
    const res = await t.ok<{ latestSnapshot: { version: number; hash: string } }>(
      '{ latestSnapshot { version hash createdAt } }',
    );
    expect(res.latestSnapshot.version).toBeGreaterThan(1);
    expect(res.latestSnapshot.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('schema', () => {
  // schema.gql is committed for the console and other clients; refresh with UPDATE_SCHEMA=1.
  it('matches the committed schema.gql', async () => {
    const res = await t.ok<IntrospectionQuery>(getIntrospectionQuery());
    const file = join(__dirname, '..', 'schema.gql');
    // Formatted as `prettier --write` leaves the committed file (prettier's API needs ESM, so its CLI).
    const served = execFileSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', file],
      {
        input: printSchema(buildClientSchema(res)),
        encoding: 'utf8',
      },
    );
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, served);
    expect(served).toBe(readFileSync(file, 'utf8'));
  });
});
