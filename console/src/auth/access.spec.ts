import { mayAccess, type Caller } from './access';

const caller = (role: Caller['memberships'][number]['role'], installationAdmin = false): Caller => ({
  kind: 'user',
  installationAdmin,
  memberships: [{ workspaceId: 'w1', role }],
});

describe('mayAccess', () => {
  it('lets viewers read but not write, and nothing in a workspace they are not in', () => {
    expect(mayAccess(caller('VIEWER'), 'w1', 'routes', 'list')).toBe(true);
    expect(mayAccess(caller('VIEWER'), 'w1', 'routes', 'create')).toBe(false);
    expect(mayAccess(caller('VIEWER'), 'w1', 'keys', 'create')).toBe(false);
    expect(mayAccess(caller('VIEWER'), 'w2', 'routes', 'list')).toBe(false);
    expect(mayAccess(caller('VIEWER'), 'w1', 'audit', 'list')).toBe(false);
  });

  it('follows the role matrix: members create keys and try guardrails, admins configure, owners delete workspaces', () => {
    expect(mayAccess(caller('MEMBER'), 'w1', 'keys', 'create')).toBe(true);
    expect(mayAccess(caller('MEMBER'), 'w1', 'keys', 'edit')).toBe(false);
    expect(mayAccess(caller('MEMBER'), 'w1', 'guardrails', 'try')).toBe(true);
    expect(mayAccess(caller('ADMIN'), 'w1', 'routes', 'delete')).toBe(true);
    expect(mayAccess(caller('ADMIN'), 'w1', 'workspaces', 'delete')).toBe(false);
    expect(mayAccess(caller('OWNER'), 'w1', 'workspaces', 'delete')).toBe(true);
    expect(mayAccess(caller('OWNER'), 'w1', 'users', 'list')).toBe(false);
    expect(mayAccess(caller('OWNER'), 'w1', 'workspaces', 'create')).toBe(false);
  });

  it('keeps single sign-on, SCIM, group mappings and usage across workspaces for installation admins', () => {
    for (const resource of ['oidc-settings', 'scim-tokens', 'group-role-mappings', 'installation-usage']) {
      expect(mayAccess(caller('OWNER'), 'w1', resource, 'list')).toBe(false);
      expect(mayAccess(caller('VIEWER', true), 'w1', resource, 'list')).toBe(true);
    }
    expect(mayAccess(caller('OWNER'), 'w1', 'group-role-mappings', 'create')).toBe(false);
    expect(mayAccess(caller('OWNER'), 'w1', 'oidc-settings', 'edit')).toBe(false);
    expect(mayAccess(caller('OWNER', true), 'w1', 'scim-tokens', 'edit')).toBe(false);
  });

  it('lets installation admins do everything except what nobody may', () => {
    const root: Caller = { kind: 'admin-token', installationAdmin: true, memberships: [] };
    expect(mayAccess(root, 'w9', 'users', 'create')).toBe(true);
    expect(mayAccess(root, 'w9', 'workspaces', 'delete')).toBe(true);
    expect(mayAccess(root, 'w9', 'usage', 'delete')).toBe(false);
  });
});
