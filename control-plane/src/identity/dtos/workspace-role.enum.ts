import { registerEnumType } from '@nestjs/graphql';
import { Role, type WorkspaceRole } from '../../auth/principal';

/** The workspace roles as a GraphQL enum (OWNER, ADMIN, MEMBER, VIEWER); values are the stored strings. */
export const WorkspaceRoleValue = {
  OWNER: Role.Owner,
  ADMIN: Role.Admin,
  MEMBER: Role.Member,
  VIEWER: Role.Viewer,
} as const satisfies Record<string, WorkspaceRole>;

registerEnumType(WorkspaceRoleValue, {
  name: 'WorkspaceRole',
  description: 'owner > admin > member > viewer; see the README for what each may do.',
});
