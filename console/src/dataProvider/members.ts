import { graphqlRequest } from '../graphql/client';
import { argumentList, enumValue } from '../graphql/literal';
import type { WorkspaceMember } from '../members/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const USER_FIELDS = '{ id email displayName active installationAdmin hasPassword lastLoginAt createdAt }';
const FIELDS = `{ workspaceId role source user ${USER_FIELDS} }`;
type ApiMember = Omit<WorkspaceMember, 'id'>;
const withId = (member: ApiMember): WorkspaceMember => ({ ...member, id: member.user.id });

async function list(): Promise<WorkspaceMember[]> {
  const query = `query { workspaceMembers${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ workspaceMembers: ApiMember[] }>(query)).workspaceMembers.map(withId);
}

/** The selected workspace's members: add an existing user by email, change a role, remove. */
export const members: ResourceHandler<WorkspaceMember> = {
  list,
  getOne: (id) => findIn(list, 'Member', id),
  create: async (data: Partial<WorkspaceMember> & { email?: string }) =>
    withId(
      await mutate<ApiMember>(
        'addWorkspaceMember',
        { workspaceId: requireWorkspaceId(), email: data.email?.trim(), role: enumValue(data.role) },
        FIELDS,
      ),
    ),
  update: async (id, data) =>
    withId(
      await mutate<ApiMember>(
        'setWorkspaceMemberRole',
        { workspaceId: requireWorkspaceId(), userId: String(id), role: enumValue(data.role) },
        FIELDS,
      ),
    ),
  delete: (id) =>
    mutateIgnoringResult('removeWorkspaceMember', { workspaceId: requireWorkspaceId(), userId: String(id) }),
};
