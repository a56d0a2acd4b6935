import { sql } from './support/infra';
import { auditApi } from './support/audit';
import { startTestPlane, type TestPlane } from './support/plane';

// What an entry says: the target's before and after, every record changed, and failures.

let t: TestPlane;
let auditLog: ReturnType<typeof auditApi>['auditLog'];
let latest: ReturnType<typeof auditApi>['latest'];
let createWorkspace: ReturnType<typeof auditApi>['createWorkspace'];
let createProvider: ReturnType<typeof auditApi>['createProvider'];

beforeAll(async () => {
  t = await startTestPlane();
  ({ auditLog, latest, createWorkspace, createProvider } = auditApi(t));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('before and after', () => {
  it('records a route created, updated and deleted with its targets', async () => {
    const ws = await createWorkspace('routes-ba');
    const provider = await createProvider(ws, 'p');
    const created = await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId: ws, alias: 'r1', targets: [{ providerId: provider, model: 'm1' }] } },
    );
    const routeId = created.createRoute.id;
    const create = await latest('createRoute');
    expect(create).toMatchObject({ workspaceId: ws, targetType: 'Route', targetId: routeId, before: null });
    expect(create.after).toMatchObject({ id: routeId, alias: 'r1', strategy: 'single', workspaceId: ws });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Route', id: routeId, op: 'created' }),
        expect.objectContaining({
          type: 'RouteTarget',
          id: `${routeId}:0`,
          op: 'created',
          before: null,
          after: expect.objectContaining({ model: 'm1', providerId: provider }),
        }),
      ]),
    );

    await t.ok(`mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`, {
      input: { workspaceId: ws, id: routeId, alias: 'r2', targets: [{ providerId: provider, model: 'm2' }] },
    });
    const update = await latest('updateRoute');
    expect(update).toMatchObject({ targetType: 'Route', targetId: routeId });
    expect(update.before).toMatchObject({ alias: 'r1' });
    expect(update.after).toMatchObject({ alias: 'r2' });
    // The targets were replaced (deleted and re-inserted): one update of position 0.
    const target = update.changes.filter((c) => c.type === 'RouteTarget');
    expect(target).toEqual([
      expect.objectContaining({
        id: `${routeId}:0`,
        op: 'updated',
        before: expect.objectContaining({ model: 'm1' }),
        after: expect.objectContaining({ model: 'm2' }),
      }),
    ]);

    await t.ok(`mutation($input: DeleteRouteInput!) { deleteRoute(input: $input) { id } }`, {
      input: { workspaceId: ws, id: routeId },
    });
    const removed = await latest('deleteRoute');
    expect(removed).toMatchObject({ targetType: 'Route', targetId: routeId, after: null });
    expect(removed.before).toMatchObject({ alias: 'r2' });
    expect(removed.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'RouteTarget', op: 'deleted', after: null })]),
    );
  });

  it('records a key revoked (before: not revoked, after: revoked), the hash masked', async () => {
    const ws = await createWorkspace('keys-ba');
    const key = await t.ok<{ createVirtualKey: { key: { id: string } } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { id } } }`,
      { input: { workspaceId: ws, name: 'k' } },
    );
    const keyId = key.createVirtualKey.key.id;
    await t.ok(`mutation($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id } }`, {
      input: { workspaceId: ws, id: keyId },
    });
    const entry = await latest('revokeVirtualKey');
    expect(entry).toMatchObject({ targetType: 'VirtualKey', targetId: keyId, workspaceId: ws });
    expect(entry.before).toMatchObject({ name: 'k', revokedAt: null, keyHash: '***' });
    expect(entry.after).toMatchObject({ name: 'k', keyHash: '***' });
    expect(entry.after?.revokedAt).toEqual(expect.any(String));
  });

  it('lists what a workspace delete removed by cascade', async () => {
    const ws = await createWorkspace('cascade-ba');
    const provider = await createProvider(ws, 'p');
    await t.ok(`mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
      input: { workspaceId: ws, alias: 'r', targets: [{ providerId: provider, model: 'm' }] },
    });
    await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
      input: { id: ws },
    });
    const entry = await latest('deleteWorkspace');
    expect(entry).toMatchObject({ targetType: 'Workspace', targetId: ws, workspaceId: ws, after: null });
    expect(entry.before).toMatchObject({ slug: 'cascade-ba' });
    const deleted = entry.changes.filter((c) => c.op === 'deleted').map((c) => c.type);
    expect(deleted).toEqual(expect.arrayContaining(['Workspace', 'ProviderAccount', 'Route', 'RouteTarget']));
    expect(entry.changes.find((c) => c.type === 'ProviderAccount')?.before).toMatchObject({
      id: provider,
      credentialsSealed: '***',
    });
  });

  it('summarises applyConfig and names the entry by request', async () => {
    const res = await fetch(t.plane.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.env.SWITCHYARD_ADMIN_TOKEN}`,
        'x-request-id': 'audit-req-42',
        'user-agent': 'audit-test/1.0',
      },
      body: JSON.stringify({
        query: `mutation($input: ApplyConfigInput!) { applyConfig(input: $input) { snapshotVersion } }`,
        variables: {
          input: {
            workspaces: [
              {
                slug: 'summary',
                name: 'Summary',
                providers: [
                  { name: 'op', kind: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'sk-s' },
                ],
                routes: [{ alias: 'a', targets: [{ provider: 'op', model: 'gpt-4o-mini' }] }],
              },
            ],
          },
        },
      }),
    });
    expect(res.headers.get('x-request-id')).toBe('audit-req-42');
    const entry = await latest('applyConfig');
    expect(entry).toMatchObject({
      requestId: 'audit-req-42',
      userAgent: 'audit-test/1.0',
      targetType: 'ApplyConfigResult',
      targetId: null,
      before: null,
    });
    expect(entry.clientIp).toMatch(/127\.0\.0\.1/);
    expect(entry.after).toMatchObject({
      created: expect.arrayContaining([
        expect.objectContaining({ type: 'Workspace', name: 'Summary' }),
        expect.objectContaining({ type: 'ProviderAccount', name: 'op' }),
        expect.objectContaining({ type: 'Route', name: 'a' }),
      ]),
      deleted: [],
    });
    // The one workspace it touched scopes the entry.
    expect(entry.workspaceId).toEqual(entry.changes.find((c) => c.type === 'Workspace')?.id);

    // Applying it again changes nothing: still an entry, with no changes.
    await t.ok(`mutation($input: ApplyConfigInput!) { applyConfig(input: $input) { snapshotVersion } }`, {
      input: {
        workspaces: [
          {
            slug: 'summary',
            name: 'Summary',
            providers: [{ name: 'op', kind: 'openai', baseUrl: 'http://127.0.0.1:9001/v1', apiKey: 'sk-s' }],
            routes: [{ alias: 'a', targets: [{ provider: 'op', model: 'gpt-4o-mini' }] }],
          },
        ],
      },
    });
    const again = await latest('applyConfig');
    expect(again.id).not.toBe(entry.id);
    expect(again).toMatchObject({
      outcome: 'success',
      changes: [],
      after: { created: [], updated: [], deleted: [] },
    });
  });

  it('writes the entry in the transaction of the change', async () => {
    const ws = await createWorkspace('same-tx');
    const entry = await latest('createWorkspace');
    const [change] = await sql<{ xmin: string }>(
      t.databaseUrl,
      `SELECT xmin::text FROM workspaces WHERE id = $1`,
      [ws],
    );
    const [audit] = await sql<{ xmin: string }>(
      t.databaseUrl,
      `SELECT xmin::text FROM audit_log WHERE id = $1`,
      [entry.id],
    );
    expect(audit.xmin).toBe(change.xmin);
  });
});

describe('failures', () => {
  it('records a refused mutation with its error code, no changes, and changes nothing', async () => {
    const ws = await createWorkspace('failures');
    const res = await t.gql(`mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
      input: {
        workspaceId: ws,
        alias: 'broken',
        targets: [{ providerId: '00000000-0000-4000-8000-000000000000', model: 'm' }],
      },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const entry = await latest('createRoute');
    expect(entry).toMatchObject({
      outcome: 'ROUTE_UNKNOWN_PROVIDER',
      workspaceId: ws,
      changes: [],
      before: null,
      after: null,
    });
    expect(entry.errorMessage).toEqual(res.errors?.[0].message);
    // Recorded once (by the interceptor), not again by the exception filter.
    const refused = await auditLog({ action: 'createRoute', workspaceId: ws });
    expect(refused.nodes.map((e) => e.outcome)).toEqual(['ROUTE_UNKNOWN_PROVIDER']);
    expect(await sql(t.databaseUrl, `SELECT 1 FROM routes WHERE alias = 'broken'`)).toEqual([]);

    const invalid = await t.gql(
      `mutation { createWorkspace(input: {slug: "Not A Slug", name: "x"}) { id } }`,
    );
    expect(invalid.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await latest('createWorkspace')).toMatchObject({ outcome: 'INVALID_INPUT', changes: [] });

    const missing = await t.gql(`mutation($input: DeleteRouteInput!) { deleteRoute(input: $input) { id } }`, {
      input: { workspaceId: ws, id: '00000000-0000-4000-8000-000000000001' },
    });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await latest('deleteRoute')).toMatchObject({
      outcome: 'ROUTE_NOT_FOUND',
      targetType: 'Route',
      targetId: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('records nothing for an unauthenticated call (there is no one to attribute it to)', async () => {
    const before = await auditLog({ action: 'createWorkspace' });
    const res = await t.gql(
      `mutation { createWorkspace(input: {slug: "anon", name: "A"}) { id } }`,
      {},
      null,
    );
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await auditLog({ action: 'createWorkspace' })).nodes.length).toBe(before.nodes.length);
  });
});
