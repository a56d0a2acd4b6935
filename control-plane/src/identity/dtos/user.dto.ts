import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { WorkspaceRole } from '../../auth/principal';
import { WorkspaceRoleValue } from './workspace-role.enum';

/** The public shape of a user: never the password hash. */
@ObjectType('User')
export class UserDto {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field()
  installationAdmin!: boolean;

  @Field({ description: 'False once deactivated: no sign-in; sessions and API tokens stop working.' })
  active!: boolean;

  @Field({ description: 'Whether the user can sign in with a password (SSO-only users cannot).' })
  hasPassword!: boolean;

  @Field(() => Date, { nullable: true })
  lastLoginAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('WorkspaceMember')
export class WorkspaceMemberDto {
  @Field(() => ID)
  workspaceId!: string;

  @Field(() => UserDto)
  user!: UserDto;

  @Field(() => WorkspaceRoleValue)
  role!: WorkspaceRole;

  @Field({ description: 'manual, scim or oidc.' })
  source!: string;
}

@ObjectType('Membership')
export class MembershipDto {
  @Field(() => ID)
  workspaceId!: string;

  @Field()
  workspaceSlug!: string;

  @Field()
  workspaceName!: string;

  @Field(() => WorkspaceRoleValue)
  role!: WorkspaceRole;
}

@ObjectType('Me')
export class MeDto {
  @Field({ description: 'user, api-token or admin-token.' })
  kind!: string;

  @Field(() => UserDto, { nullable: true, description: 'The signed-in user; for an API token, its creator.' })
  user!: UserDto | null;

  @Field()
  installationAdmin!: boolean;

  @Field(() => [MembershipDto], {
    description: 'Workspaces and roles (for an API token: its one workspace).',
  })
  memberships!: MembershipDto[];
}

@ObjectType('Session')
export class SessionDto {
  @Field({ description: 'Send as "Authorization: Bearer <token>".' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => UserDto)
  user!: UserDto;
}
