import type { WorkspaceRole } from '../../src/auth/principal';
import { ADMIN_TOKEN, type TestPlane } from './plane';
import { randomSuffix, sql } from './infra';

/** A workspace role by its stored name. */
export type RoleName = `${WorkspaceRole}`;

/** A password that meets the policy. */
export const PASSWORD = 'correct horse battery staple';

/** Who the caller is: `me` with everything it has. */
export const ME = `{ me { kind installationAdmin user { id email hasPassword } memberships { workspaceId workspaceSlug role } } }`;

/** The answer to `ME`. */
export type Me = {
  me: {
    kind: string;
    installationAdmin: boolean;
    user: { id: string; email: string; hasPassword: boolean } | null;
    memberships: Array<{ workspaceId: string; workspaceSlug: string; role: string }>;
  };
};

/** Password sign-in, with `$email` and `$password`. */
export const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email } } }`;

/** The GraphQL enum value of a workspace role. */
export const roleEnum = (role: RoleName) => role.toUpperCase();

/** Creates a user through the API with the bootstrap token; returns its id and email. */
export async function createUser(
  t: TestPlane,
  options: { email?: string; installationAdmin?: boolean; password?: string } = {},
): Promise<{ id: string; email: string }> {
  const email = options.email ?? `user-${randomSuffix()}@example.com`;
  const data = await t.ok<{ createUser: { id: string } }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    {
      input: {
        email,
        password: options.password ?? PASSWORD,
        installationAdmin: options.installationAdmin ?? false,
      },
    },
  );
  return { id: data.createUser.id, email };
}

/** Signs in; fails the test unless login succeeds. */
export async function login(t: TestPlane, email: string, password = PASSWORD): Promise<string> {
  const res = await t.gql<{ login: { token: string } }>(
    `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
    { email, password },
    null,
  );
  if (!res.data?.login) throw new Error(`login failed: ${res.raw}`);
  return res.data.login.token;
}

/** Adds a user to a workspace with the bootstrap token. */
export async function addMember(t: TestPlane, workspaceId: string, email: string, role: RoleName) {
  await t.ok(`mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`, {
    input: { workspaceId, email, role: roleEnum(role) },
  });
}

/** A user who holds `role` in the workspace, signed in: returns the session token. */
export async function memberSession(t: TestPlane, workspaceId: string, role: RoleName): Promise<string> {
  const user = await createUser(t);
  await addMember(t, workspaceId, user.email, role);
  return login(t, user.email);
}

/** Creates an API token with `token` (default: the bootstrap token); returns the secret. */
export async function createApiToken(
  t: TestPlane,
  workspaceId: string,
  role: RoleName,
  token: string = ADMIN_TOKEN,
  extra: { name?: string; expiresAt?: string } = {},
): Promise<string> {
  const res = await t.gql<{ createApiToken: { secret: string } }>(
    `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
    { input: { workspaceId, name: extra.name ?? `t-${randomSuffix()}`, role: roleEnum(role), ...extra } },
    token,
  );
  if (!res.data?.createApiToken) throw new Error(`createApiToken failed: ${res.raw}`);
  return res.data.createApiToken.secret;
}

export async function createWorkspace(t: TestPlane, slug = `ws-${randomSuffix()}`): Promise<string> {
  const data = await t.ok<{ createWorkspace: { id: string } }>(
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
    { input: { slug, name: slug } },
  );
  return data.createWorkspace.id;
}

/** A user's memberships as `slug:role:source` (e.g. `main:member:oidc`), sorted, read from the database. */
export async function membershipsOf(databaseUrl: string, userId: string): Promise<string[]> {
  const rows = await sql<{ m: string }>(
    databaseUrl,
    `SELECT w.slug || ':' || m.role || ':' || m.source AS m FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.user_id = $1 ORDER BY 1`,
    [userId],
  );
  return rows.map((r) => r.m);
}
