import { graphqlRequest } from '../graphql/client';
import { enumValue } from '../graphql/literal';
import type { GroupRoleMapping } from '../groupRoleMappings/types';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ id group workspaceId role updatedAt }';

async function list(): Promise<GroupRoleMapping[]> {
  const query = `query { groupRoleMappings ${FIELDS} }`;
  return (await graphqlRequest<{ groupRoleMappings: GroupRoleMapping[] }>(query)).groupRoleMappings;
}

const set = (data: Partial<GroupRoleMapping>) =>
  mutate<GroupRoleMapping>(
    'setGroupRoleMapping',
    { group: data.group?.trim(), workspaceId: data.workspaceId, role: enumValue(data.role) },
    FIELDS,
  );

/**
 * Which identity-provider groups give which workspace roles (installation admins only). The API
 * names a mapping by group and workspace: creating one that exists changes its role, and editing
 * changes the role only.
 */
export const groupRoleMappings: ResourceHandler<GroupRoleMapping> = {
  list,
  getOne: (id) => findIn(list, 'Group role mapping', id),
  create: set,
  update: (_id, data, previous) => set({ ...data, group: previous.group, workspaceId: previous.workspaceId }),
  async delete(id) {
    const mapping = await findIn(list, 'Group role mapping', id);
    await mutateIgnoringResult('deleteGroupRoleMapping', {
      group: mapping.group,
      workspaceId: mapping.workspaceId,
    });
  },
};
