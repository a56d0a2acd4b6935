import { newAuditContext, type CapturedRowChange } from './audit-context';
import { buildAuditEntryContent, foldRowChanges, pascalCase } from './audit-entry';

const ws = '11111111-1111-4111-8111-111111111111';

function context(args: Record<string, unknown>, changes: CapturedRowChange[], summarize = false) {
  const ctx = newAuditContext({
    actor: { kind: 'admin-token', id: 'a', label: null },
    action: 'updateRoute',
    args,
    resultType: 'Route',
    summarize,
    request: { requestId: null, clientIp: null, userAgent: null },
  });
  ctx.changes = changes;
  return ctx;
}

const row = (table: string, key: string, before: object | null, after: object | null): CapturedRowChange => ({
  table,
  key,
  op: before === null ? 'INSERT' : after === null ? 'DELETE' : 'UPDATE',
  before: before as Record<string, unknown> | null,
  after: after as Record<string, unknown> | null,
});

describe('folding row changes', () => {
  it('turns delete + re-insert into an update, and drops what ends as it began', () => {
    const folded = foldRowChanges([
      row('route_targets', 'r:0', { model: 'a' }, null),
      row('route_targets', 'r:0', null, { model: 'b' }),
      row('route_targets', 'r:1', { model: 'c' }, null),
      row('route_targets', 'r:1', null, { model: 'c' }),
      row('routes', 'r', null, { alias: 'x' }),
      row('routes', 'r', { alias: 'x' }, { alias: 'y' }),
      row('virtual_keys', 'k', null, { name: 'k' }),
      row('virtual_keys', 'k', { name: 'k' }, null),
    ]);
    expect(folded).toEqual([
      { table: 'route_targets', key: 'r:0', op: 'UPDATE', before: { model: 'a' }, after: { model: 'b' } },
      { table: 'routes', key: 'r', op: 'INSERT', before: null, after: { alias: 'y' } },
    ]);
  });
});

describe('entry content', () => {
  it('targets the record the input names, camel-cases and masks it, and scopes it to the workspace', () => {
    const content = buildAuditEntryContent(
      context({ input: { id: 'p1', workspaceId: ws } }, [
        row('route_targets', 'r:0', null, { route_id: 'r' }),
        row(
          'provider_accounts',
          'p1',
          { id: 'p1', name: 'a', credentials_sealed: 'v1:x' },
          { id: 'p1', name: 'b', credentials_sealed: 'v1:y' },
        ),
      ]),
      pascalCase,
    );
    expect(content).toMatchObject({
      workspaceId: ws,
      targetType: 'ProviderAccounts',
      targetId: 'p1',
      before: { id: 'p1', name: 'a', credentialsSealed: '***' },
      after: { id: 'p1', name: 'b', credentialsSealed: '***' },
      recordIds: ['r:0', 'p1'],
    });
  });

  it('names the record even when only its children changed', () => {
    const content = buildAuditEntryContent(
      context({ input: { id: 'r', workspaceId: ws } }, [row('route_targets', 'r:0', { m: 1 }, { m: 2 })]),
      pascalCase,
    );
    expect(content).toMatchObject({ targetType: 'Route', targetId: 'r', before: null, after: null });
    expect(content.changes).toHaveLength(1);
  });

  it('takes the workspace from the rows when the input has none, and ignores ids that are not UUIDs', () => {
    const created = buildAuditEntryContent(
      context({ input: { slug: 'x' } }, [row('workspaces', ws, null, { id: ws })]),
      pascalCase,
    );
    expect(created).toMatchObject({ workspaceId: ws, targetType: 'Workspaces', targetId: ws });
    const odd = buildAuditEntryContent(context({ workspaceId: 'nope' }, []), pascalCase);
    expect(odd).toMatchObject({ workspaceId: null, targetType: 'Route', targetId: null, changes: [] });
  });

  it('summarises a whole-config change', () => {
    const content = buildAuditEntryContent(
      context(
        {},
        [
          row('routes', 'r', null, { alias: 'fast', workspace_id: ws }),
          row('virtual_keys', 'k', { name: 'ci' }, null),
        ],
        true,
      ),
      pascalCase,
    );
    expect(content).toMatchObject({
      targetId: null,
      before: null,
      after: {
        created: [{ type: 'Routes', id: 'r', name: 'fast' }],
        updated: [],
        deleted: [{ type: 'VirtualKeys', id: 'k', name: 'ci' }],
      },
    });
  });
});
