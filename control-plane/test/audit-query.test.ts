import { auditApi } from './support/audit';
import { startTestPlane, type TestPlane } from './support/plane';

// The auditLog query: filters, cursor pages, bad arguments, workspace scope.

let t: TestPlane;
let auditLog: ReturnType<typeof auditApi>['auditLog'];
let createWorkspace: ReturnType<typeof auditApi>['createWorkspace'];
let createProvider: ReturnType<typeof auditApi>['createProvider'];

beforeAll(async () => {
  t = await startTestPlane();
  ({ auditLog, createWorkspace, createProvider } = auditApi(t));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('auditLog query', () => {
  it('filters by workspace, actor, action, target and time', async () => {
    const a = await createWorkspace('filter-a');
    const b = await createWorkspace('filter-b');
    const pa = await createProvider(a, 'pa');
    await createProvider(b, 'pb');
    const onlyA = await auditLog({ workspaceId: a });
    expect(onlyA.nodes.map((e) => e.action)).toEqual(['createProviderAccount', 'createWorkspace']);
    expect(onlyA.nodes.every((e) => e.workspaceId === a)).toBe(true);

    const byTarget = await auditLog({ targetId: pa });
    expect(byTarget.nodes.map((e) => e.action)).toEqual(['createProviderAccount']);
    const byType = await auditLog({ workspaceId: b, targetType: 'ProviderAccount' });
    expect(byType.nodes.map((e) => e.targetType)).toEqual(['ProviderAccount']);
    // A record changed as part of another mutation is found by its id too.
    await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
      input: { id: a },
    });
    expect((await auditLog({ targetId: pa })).nodes.map((e) => e.action)).toEqual([
      'deleteWorkspace',
      'createProviderAccount',
    ]);

    expect((await auditLog({ actorId: 'bootstrap-admin', workspaceId: b })).nodes).toHaveLength(2);
    expect((await auditLog({ actorId: 'someone-else' })).nodes).toEqual([]);

    const all = await auditLog({ workspaceId: b });
    const newest = new Date(all.nodes[0].occurredAt);
    const oldest = new Date(all.nodes[all.nodes.length - 1].occurredAt);
    const window = await auditLog({
      workspaceId: b,
      from: oldest.toISOString(),
      to: new Date(newest.getTime() + 1).toISOString(),
    });
    expect(window.nodes).toHaveLength(all.nodes.length);
    expect(
      (await auditLog({ workspaceId: b, from: new Date(newest.getTime() + 1).toISOString() })).nodes,
    ).toEqual([]);
    expect((await auditLog({ workspaceId: b, to: oldest.toISOString() })).nodes).toEqual([]);
  });

  it('pages newest first with cursors, without gaps or repeats', async () => {
    const ws = await createWorkspace('paging');
    for (let i = 0; i < 4; i++) await createProvider(ws, `p${i}`);
    const everything = (await auditLog({ workspaceId: ws })).nodes.map((e) => e.id);
    expect(everything).toHaveLength(5);
    expect([...everything].sort((x, y) => Number(y) - Number(x))).toEqual(everything);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await auditLog({ workspaceId: ws }, 2, after);
      seen.push(...page.nodes.map((e) => e.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(everything);
  });

  it('refuses a bad cursor, an empty time window and a bad page size', async () => {
    const code = async (variables: Record<string, unknown>) =>
      (
        await t.gql(
          `query($filter: AuditLogFilterInput, $first: Int!, $after: String) {
             auditLog(filter: $filter, first: $first, after: $after) { nodes { id } } }`,
          { first: 10, ...variables },
        )
      ).errors?.[0].extensions;
    expect(await code({ after: 'bm90LWEtY3Vyc29y' })).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'AUDIT_INVALID_CURSOR',
    });
    expect(await code({ filter: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } })).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'AUDIT_INVALID_RANGE',
    });
    expect((await code({ first: 0 }))?.code).toBe('BAD_USER_INPUT');
    expect((await code({ first: 201 }))?.code).toBe('BAD_USER_INPUT');
    expect((await code({ filter: { workspaceId: 'not-a-uuid' } }))?.code).toBe('BAD_USER_INPUT');
    expect(await code({ after: '' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'AUDIT_INVALID_CURSOR' });
    // Explicit nulls (found by the GraphQL fuzzer) mean "none", not a server error.
    expect(await code({ filter: null, after: null })).toBeUndefined();
  });

  it("gives a workspace admin its workspace's entries only, and no one else's", async () => {
    const mine = await createWorkspace('scope-mine');
    const other = await createWorkspace('scope-other');
    const password = 'correct horse battery staple';
    const signIn = async (email: string, role: string) => {
      await t.ok(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
        input: { email, password },
      });
      await t.ok(
        `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`,
        {
          input: { workspaceId: mine, email, role },
        },
      );
      const session = await t.ok<{ login: { token: string } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
        { email, password },
      );
      return session.login.token;
    };
    const query = `query($filter: AuditLogFilterInput) { auditLog(filter: $filter, first: 50) { nodes { action workspaceId } } }`;
    const admin = await signIn('audit-admin@example.com', 'ADMIN');
    const page = await t.gql<{ auditLog: { nodes: { action: string; workspaceId: string }[] } }>(
      query,
      { filter: { workspaceId: mine } },
      admin,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.auditLog.nodes.map((e) => e.workspaceId)).toEqual(expect.arrayContaining([mine]));
    expect(page.data!.auditLog.nodes.every((e) => e.workspaceId === mine)).toBe(true);
    for (const filter of [{ workspaceId: other }, {}]) {
      const refused = await t.gql(query, { filter }, admin);
      expect(refused.errors?.[0]?.extensions?.reason).toBe('AUTH_FORBIDDEN');
    }
    // A member of the workspace is not an admin of it.
    const member = await signIn('audit-member@example.com', 'MEMBER');
    const refused = await t.gql(query, { filter: { workspaceId: mine } }, member);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('AUTH_FORBIDDEN');
  });
});
