import { graphqlRequest } from '../graphql/client';
import type { User } from '../users/types';
import { findIn, mutate, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id email displayName active installationAdmin hasPassword lastLoginAt createdAt }';

async function list(): Promise<User[]> {
  return (await graphqlRequest<{ users: User[] }>(`query { users ${FIELDS} }`)).users;
}

type UserForm = Partial<User> & { password?: string };

/**
 * Users of the installation (installation admins only). Editing sets what changed: active,
 * installation admin, a new password.
 */
export const users: ResourceHandler<User> = {
  list,
  getOne: (id) => findIn(list, 'User', id),
  create: (data: UserForm) =>
    mutate<User>(
      'createUser',
      {
        email: data.email?.trim(),
        displayName: data.displayName?.trim() ?? '',
        password: data.password || undefined,
        installationAdmin: data.installationAdmin ?? false,
      },
      FIELDS,
    ),
  async update(id, data: UserForm, previous) {
    const userId = String(id);
    if (data.active !== undefined && data.active !== previous.active)
      await mutate('setUserActive', { userId, active: data.active }, FIELDS);
    if (data.installationAdmin !== undefined && data.installationAdmin !== previous.installationAdmin)
      await mutate('setInstallationAdmin', { userId, installationAdmin: data.installationAdmin }, FIELDS);
    if (data.password) await mutate('setUserPassword', { userId, password: data.password }, FIELDS);
    return findIn(list, 'User', id);
  },
};
