import { SCENARIO_SECRETS, type AuditStep } from './audit';
import type { TestPlane } from './plane';

/**
 * The scenario's steps for users, members, sessions and API tokens (and OIDC and SCIM
 * settings): the user's own actions are made with their session.
 */
export function identitySteps(t: TestPlane, ids: Record<string, string>, ws: () => string): AuditStep[] {
  const email = 'audited-user@example.com';
  const as = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await t.gql<Record<string, never>>(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${res.raw}`);
    return res.data;
  };
  const admin = (
    mutation: string,
    type: string,
    input: () => Record<string, unknown>,
    select: string,
    keep?: (d: never) => void,
  ): AuditStep => ({
    mutation,
    run: async () => {
      const data = await t.ok<Record<string, never>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { ${select} } }`,
        { input: input() },
      );
      keep?.(data[mutation]);
    },
  });
  const user = () => ({ actorKind: 'user', actorId: ids.user });
  return [
    admin(
      'createUser',
      'CreateUserInput',
      () => ({ email, password: SCENARIO_SECRETS.password }),
      'id',
      (d: { id: string }) => {
        ids.user = d.id;
      },
    ),
    admin(
      'setUserPassword',
      'SetUserPasswordInput',
      () => ({ userId: ids.user, password: SCENARIO_SECRETS.password2 }),
      'id',
    ),
    admin(
      'setInstallationAdmin',
      'SetInstallationAdminInput',
      () => ({ userId: ids.user, installationAdmin: false }),
      'id',
    ),
    admin(
      'addWorkspaceMember',
      'AddWorkspaceMemberInput',
      () => ({ workspaceId: ws(), email, role: 'MEMBER' }),
      'role',
    ),
    admin(
      'setWorkspaceMemberRole',
      'SetWorkspaceMemberRoleInput',
      () => ({ workspaceId: ws(), userId: ids.user, role: 'ADMIN' }),
      'role',
    ),
    {
      mutation: 'login',
      // Made without a principal: the entry is anonymous (the session it opens names the user from then on).
      actor: () => ({ actorKind: 'anonymous', actorId: 'anonymous' }),
      run: async () => {
        const data = await as(
          '',
          `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
          {
            e: email,
            p: SCENARIO_SECRETS.password2,
          },
        );
        ids.session = (data.login as { token: string }).token;
      },
    },
    {
      mutation: 'changePassword',
      actor: user,
      run: async () => {
        await as(
          ids.session,
          `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }`,
          {
            input: { currentPassword: SCENARIO_SECRETS.password2, newPassword: SCENARIO_SECRETS.password3 },
          },
        );
      },
    },
    {
      mutation: 'createApiToken',
      actor: user,
      run: async () => {
        const data = await as(
          ids.session,
          `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token { id } secret } }`,
          {
            input: { workspaceId: ws(), name: 'ci', role: 'VIEWER' },
          },
        );
        const created = data.createApiToken as { token: { id: string }; secret: string };
        ids.apiToken = created.token.id;
        ids.apiTokenSecret = created.secret;
      },
    },
    {
      mutation: 'revokeApiToken',
      actor: user,
      run: async () => {
        await as(
          ids.session,
          `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id } }`,
          {
            input: { workspaceId: ws(), id: ids.apiToken },
          },
        );
      },
    },
    {
      mutation: 'logout',
      actor: user,
      run: async () => {
        await as(ids.session, `mutation { logout }`, {});
      },
    },
    admin(
      'setOidcSettings',
      'SetOidcSettingsInput',
      () => ({
        issuer: 'https://idp.example.com',
        clientId: 'switchyard',
        clientSecret: SCENARIO_SECRETS.oidcClientSecret,
        redirectUri: 'https://switchyard.example.com/auth/oidc/callback',
      }),
      'issuer',
    ),
    {
      mutation: 'clearOidcSettings',
      run: async () => {
        await t.ok(`mutation { clearOidcSettings }`);
      },
    },
    admin(
      'createScimToken',
      'CreateScimTokenInput',
      () => ({ name: 'okta' }),
      'token { id } secret',
      (d: { token: { id: string }; secret: string }) => {
        ids.scimToken = d.token.id;
        ids.scimSecret = d.secret;
      },
    ),
    admin('revokeScimToken', 'RevokeScimTokenInput', () => ({ id: ids.scimToken }), 'id'),
    admin(
      'setGroupRoleMapping',
      'SetGroupRoleMappingInput',
      () => ({ group: 'engineers', workspaceId: ws(), role: 'MEMBER' }),
      'id',
    ),
    admin(
      'deleteGroupRoleMapping',
      'DeleteGroupRoleMappingInput',
      () => ({ group: 'engineers', workspaceId: ws() }),
      'id',
    ),
    admin(
      'removeWorkspaceMember',
      'RemoveWorkspaceMemberInput',
      () => ({ workspaceId: ws(), userId: ids.user }),
      'role',
    ),
    admin('setUserActive', 'SetUserActiveInput', () => ({ userId: ids.user, active: false }), 'id'),
  ];
}
