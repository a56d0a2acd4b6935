import { HttpError, type AuthProvider } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { clearAdminToken, getAdminToken, setAdminToken } from './tokenStore';

export interface TokenCredentials {
  token: string;
}

/**
 * Admin-token authentication: the login form asks for the control plane's SWITCHYARD_ADMIN_TOKEN,
 * which is checked with a real query before it is kept. Users, roles and SSO come later; until then
 * every signed-in person is the bootstrap admin.
 *
 * There is deliberately no `getPermissions`: one that resolves at once races react-admin's logout
 * (store reset vs. navigation, marmelab/react-admin#10764) and the login page then takes many seconds
 * to appear. Permissions arrive with RBAC, from the API.
 */
export const authProvider: AuthProvider = {
  async login({ token }: TokenCredentials) {
    const trimmed = token?.trim();
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
    setAdminToken(trimmed);
  },

  async logout() {
    clearAdminToken();
  },

  async checkAuth() {
    if (!getAdminToken()) throw new Error('Sign in with the admin token');
  },

  async checkError(error: unknown) {
    const status = (error as { status?: number } | null)?.status;
    if (status === 401) {
      clearAdminToken();
      throw new Error('Your session has ended: sign in again');
    }
  },

  async getIdentity() {
    return { id: 'admin', fullName: 'Admin (token)' };
  },
};
