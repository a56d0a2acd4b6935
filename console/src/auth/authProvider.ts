import { HttpError, type AuthProvider } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { graphqlArguments } from '../graphql/literal';
import { getWorkspaceId } from '../workspace/workspaceStore';
import { mayAccess, type Caller } from './access';
import { clearToken, getToken, setToken } from './tokenStore';

/** Email and password (a user's sign-in), or the bootstrap admin token (first run, break-glass). */
export type LoginCredentials = { email: string; password: string } | { token: string };

interface Me extends Caller {
  user: { id: string; email: string; displayName: string } | null;
}

let identity: { token: string; me: Promise<Me> } | null = null;

/** Who the stored token belongs to, asked once per token. */
function me(token: string): Promise<Me> {
  if (identity?.token !== token) {
    identity = {
      token,
      me: graphqlRequest<{ me: Me }>(
        'query Me { me { kind installationAdmin memberships { workspaceId role } user { id email displayName } } }',
        token,
      ).then((data) => data.me),
    };
  }
  return identity.me;
}

/**
 * Users sign in with email and password (`login` returns a session token); the control plane's
 * admin token still works for the first run. The token is checked with a real query before it is
 * kept. Roles are enforced by the API: a page the user may not use answers FORBIDDEN.
 *
 * There is deliberately no `getPermissions`: one that resolves at once races react-admin's logout
 * (store reset vs. navigation, marmelab/react-admin#10764) and the login page then takes many seconds
 * to appear.
 */
export const authProvider: AuthProvider = {
  async login(credentials: LoginCredentials) {
    if ('token' in credentials) {
      const trimmed = credentials.token?.trim();
      if (!trimmed) throw new Error('Enter the admin token');
      try {
        await graphqlRequest<{ workspaces: { id: string }[] }>(
          'query VerifyToken { workspaces { id } }',
          trimmed,
        );
      } catch (error) {
        if (error instanceof HttpError && error.status === 401)
          throw new Error('The control plane rejected this token');
        throw error;
      }
      setToken(trimmed);
      return;
    }
    const { email, password } = credentials;
    if (!email?.trim() || !password) throw new Error('Enter your email and password');
    // The API answers one message for an unknown email and a wrong password ("Wrong email or password").
    const data = await graphqlRequest<{ login: { token: string } }>(
      `mutation Login { login(${graphqlArguments({ email: email.trim(), password })}) { token } }`,
      null,
    );
    setToken(data.login.token);
  },

  async logout() {
    const token = getToken();
    clearToken();
    identity = null;
    // Ends a session server-side; the admin token has no session (FORBIDDEN, ignored).
    if (token) await graphqlRequest('mutation Logout { logout }', token).catch(() => undefined);
  },

  async checkAuth() {
    if (!getToken()) throw new Error('Sign in');
  },

  async checkError(error: unknown) {
    const status = (error as { status?: number } | null)?.status;
    if (status === 401) {
      clearToken();
      identity = null;
      throw new Error('Your session has ended: sign in again');
    }
  },

  /**
   * Hides what the caller's role does not allow (create, edit and delete buttons; pages for
   * installation admins). `record` names the workspace for the workspaces resource.
   */
  async canAccess({
    action,
    resource,
    record,
  }: {
    action: string;
    resource: string;
    record?: { id?: unknown };
  }) {
    const token = getToken();
    if (!token) return false;
    const who = await me(token).catch(() => null);
    // When `me` fails, offer everything: the API still refuses what the role does not allow.
    if (!who) return true;
    const workspaceId = resource === 'workspaces' && record?.id ? String(record.id) : getWorkspaceId();
    return mayAccess(who, workspaceId, resource, action);
  },

  async getIdentity() {
    const token = getToken();
    if (!token) throw new Error('Sign in');
    const who = await me(token);
    if (!who.user)
      return { id: who.kind, fullName: who.kind === 'admin-token' ? 'Admin (token)' : 'API token' };
    return { id: who.user.id, fullName: who.user.displayName || who.user.email };
  },
};
