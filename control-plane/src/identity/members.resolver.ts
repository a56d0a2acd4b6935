import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Role, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { WorkspaceMemberDto } from './dtos/user.dto';
import {
  AddWorkspaceMemberInput,
  RemoveWorkspaceMemberInput,
  SetWorkspaceMemberRoleInput,
} from './dtos/user.inputs';
import { toUserDto } from './user.mapper';
import { UsersService, type MemberRow } from './users.service';

/** Workspace members. Admins manage members below owner; only owners grant, change or remove owners. */
@Resolver(() => WorkspaceMemberDto)
export class MembersResolver {
  constructor(private readonly users: UsersService) {}

  @Roles(Role.Viewer)
  @Query(() => [WorkspaceMemberDto])
  async workspaceMembers(@Args() args: WorkspaceScopeArgs): Promise<WorkspaceMemberDto[]> {
    return (await this.users.members(args.workspaceId)).map(toMemberDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => WorkspaceMemberDto, { description: 'Adds an existing user by email.' })
  async addWorkspaceMember(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: AddWorkspaceMemberInput,
  ): Promise<WorkspaceMemberDto> {
    return toMemberDto(await this.users.addMember(principal, input));
  }

  @Roles(Role.Admin)
  @Mutation(() => WorkspaceMemberDto, { description: 'The last owner cannot be demoted.' })
  async setWorkspaceMemberRole(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SetWorkspaceMemberRoleInput,
  ): Promise<WorkspaceMemberDto> {
    return toMemberDto(await this.users.setMemberRole(principal, input));
  }

  @Roles(Role.Admin)
  @Mutation(() => WorkspaceMemberDto, { description: 'The last owner cannot be removed.' })
  async removeWorkspaceMember(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RemoveWorkspaceMemberInput,
  ): Promise<WorkspaceMemberDto> {
    return toMemberDto(await this.users.removeMember(principal, input));
  }
}

function toMemberDto({ membership, user }: MemberRow): WorkspaceMemberDto {
  return {
    workspaceId: membership.workspaceId,
    user: toUserDto(user),
    role: membership.role,
    source: membership.source,
  };
}
