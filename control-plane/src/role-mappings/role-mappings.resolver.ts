import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { GroupRoleMappingDto } from './dtos/group-role-mapping.dto';
import { DeleteGroupRoleMappingInput, SetGroupRoleMappingInput } from './dtos/group-role-mapping.inputs';
import type { GroupRoleMappingEntity } from './group-role-mapping.entity';
import { RoleMappingsService } from './role-mappings.service';

function toDto(m: GroupRoleMappingEntity): GroupRoleMappingDto {
  return { id: m.id, group: m.groupName, workspaceId: m.workspaceId, role: m.role, updatedAt: m.updatedAt };
}

/** Installation-wide: which identity-provider groups give which workspace roles. */
@Roles(Role.InstallationAdmin)
@Resolver(() => GroupRoleMappingDto)
export class RoleMappingsResolver {
  constructor(private readonly mappings: RoleMappingsService) {}

  @Query(() => [GroupRoleMappingDto])
  async groupRoleMappings(): Promise<GroupRoleMappingDto[]> {
    return (await this.mappings.list()).map(toDto);
  }

  @Mutation(() => GroupRoleMappingDto, {
    description: 'Creates or changes a mapping; SCIM-provisioned roles of the group members are recomputed.',
  })
  async setGroupRoleMapping(@Args('input') input: SetGroupRoleMappingInput): Promise<GroupRoleMappingDto> {
    return toDto(await this.mappings.set(input.group, input.workspaceId, input.role));
  }

  @Mutation(() => GroupRoleMappingDto)
  async deleteGroupRoleMapping(
    @Args('input') input: DeleteGroupRoleMappingInput,
  ): Promise<GroupRoleMappingDto> {
    return toDto(await this.mappings.delete(input.group, input.workspaceId));
  }
}
