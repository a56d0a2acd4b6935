/**
 * The installation's identity settings: single sign-on, SCIM tokens and group role mappings. The
 * workspace is set up through the API (sign-in.test.ts does it in the forms).
 */
import {
  admin,
  choose,
  eventually,
  field,
  page,
  platform,
  screenshot,
  settled,
  useConsolePlatform,
  useSignedInWorkspace,
  workspaceId,
} from './support';

useConsolePlatform();
useSignedInWorkspace();

describe('single sign-on and provisioning', () => {
  it('configures single sign-on: the redirect URI to register, a write-only secret, then forgets it', async () => {
    const oidc = () =>
      admin<{ oidcSettings: Record<string, unknown> | null }>(
        `{ oidcSettings { source issuer clientId hasClientSecret redirectUri scopes defaultWorkspaceId defaultRole
          allowedEmailDomains groupsClaim } }`,
      ).then((data) => data.oidcSettings);
    const callback = new URL('/auth/oidc/callback', platform.graphqlUrl).toString();
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    await page.getByText('Single sign-on is not configured').waitFor();
    await page.getByTestId('oidc-redirect-uri').getByText(callback).waitFor();
    await field('Issuer URL').fill('idp.example.com');
    await field('Client ID').fill('console');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('A full URL, e.g. https://acme.okta.com/oauth2/default').waitFor();
    await field('Issuer URL').fill('http://idp.example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Must start with https:// (http:// only for a provider on this machine)').waitFor();
    await field('Issuer URL').fill('https://idp.example.com');
    await field('Client secret').fill('oidc-console-client-secret');
    await choose('Default workspace', 'Console test');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Pick a default workspace and a default role, or neither').waitFor();
    await choose('Default role', 'viewer');
    await field('Allowed email domains').fill('example.com, example.org');
    await field('Groups claim').fill('groups');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Single sign-on settings saved').waitFor();
    await page.getByTestId('oidc-secret-state').getByText('secret: set (***)').waitFor();
    expect(await oidc()).toEqual({
      source: 'database',
      issuer: 'https://idp.example.com',
      clientId: 'console',
      hasClientSecret: true,
      redirectUri: callback,
      scopes: ['openid', 'email', 'profile'],
      defaultWorkspaceId: await workspaceId(),
      defaultRole: 'viewer',
      allowedEmailDomains: ['example.com', 'example.org'],
      groupsClaim: 'groups',
    });
    await settled();
    expect(await page.content()).not.toContain('oidc-console-client-secret');
    await screenshot('oidc-settings');

    // Saving again without typing the secret keeps it.
    await field('Client ID').fill('console-2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await oidc())?.clientId === 'console-2', 'the new client id');
    expect(await oidc()).toMatchObject({ clientId: 'console-2', hasClientSecret: true });

    await page.getByRole('button', { name: 'Forget saved settings' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Single sign-on is not configured').waitFor();
    expect(await oidc()).toBeNull();
  });

  it('creates a SCIM token shown once, which works until it is revoked', async () => {
    const scimUsers = (token: string) =>
      fetch(new URL('/scim/v2/Users', platform.graphqlUrl), {
        headers: { authorization: `Bearer ${token}` },
      });
    await page.getByRole('menuitem', { name: 'SCIM tokens' }).click();
    await page
      .getByTestId('scim-base-url')
      .filter({ hasText: new URL('/scim/v2', platform.graphqlUrl).toString() })
      .waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await field('Name').fill('x'.repeat(201));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Must be 200 characters/).waitFor();
    await field('Name').fill('Okta');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'SCIM token “Okta” created' });
    const secret = await dialog.getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Okta' });
    await row.getByText('active').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect((await scimUsers(secret)).status).toBe(200);
    const { scimTokens } = await admin<{ scimTokens: { name: string; revokedAt: string | null }[] }>(
      '{ scimTokens { name revokedAt } }',
    );
    expect(scimTokens).toEqual([{ name: 'Okta', revokedAt: null }]);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('revoked').waitFor();
    expect((await scimUsers(secret)).status).toBe(401);
    const after = await admin<{ scimTokens: { revokedAt: string | null }[] }>('{ scimTokens { revokedAt } }');
    expect(after.scimTokens[0].revokedAt).not.toBeNull();
  });

  it('maps an identity-provider group to a workspace role, changes the role and deletes the mapping', async () => {
    const mappings = () =>
      admin<{ groupRoleMappings: { group: string; workspaceId: string; role: string }[] }>(
        '{ groupRoleMappings { group workspaceId role } }',
      ).then((data) => data.groupRoleMappings);
    await page.getByRole('menuitem', { name: 'Group role mappings' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await choose('Workspace', 'Console test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Required').first().waitFor();
    await field('Group').fill('platform-team');
    await choose('Role', /^admin/);
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'platform-team' });
    await row.getByText('admin', { exact: true }).waitFor();
    await row.getByText('Console test').waitFor();
    expect(await mappings()).toEqual([
      { group: 'platform-team', workspaceId: await workspaceId(), role: 'ADMIN' },
    ]);
    await settled();
    await screenshot('group-role-mappings');

    await row.getByRole('cell', { name: 'platform-team' }).click();
    await choose('Role', /^member/);
    await page.getByRole('button', { name: 'Save' }).click();
    await row.getByText('member', { exact: true }).waitFor();
    expect(await mappings()).toEqual([
      { group: 'platform-team', workspaceId: await workspaceId(), role: 'MEMBER' },
    ]);

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.waitFor({ state: 'detached' });
    await eventually(async () => (await mappings()).length === 0, 'the mapping to be deleted');
  });
});
