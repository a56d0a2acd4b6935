import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Role, visibleWorkspaceIds, type Principal } from '../auth/principal';
import { Roles, Unscoped, WorkspaceIdArg } from '../auth/roles.decorator';
import { WorkspaceDto } from './dtos/workspace.dto';
import {
  CreateWorkspaceInput,
  DeleteWorkspaceInput,
  UpdateWorkspaceInput,
  WorkspaceArgs,
} from './dtos/workspace.inputs';
import { toWorkspaceDto } from './workspace.mapper';
import { WorkspacesService } from './workspaces.service';

@Resolver(() => WorkspaceDto)
export class WorkspacesResolver {
  constructor(private readonly workspacesService: WorkspacesService) {}

  @Roles(Role.Viewer)
  @Unscoped()
  @Query(() => [WorkspaceDto], {
    description: 'The workspaces you belong to (every one for installation admins).',
  })
  async workspaces(@CurrentPrincipal() principal: Principal): Promise<WorkspaceDto[]> {
    return (await this.workspacesService.list(visibleWorkspaceIds(principal))).map(toWorkspaceDto);
  }

  @Roles(Role.Viewer)
  @WorkspaceIdArg('id')
  @Query(() => WorkspaceDto)
  async workspace(@Args() args: WorkspaceArgs): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.get(args.id));
  }

  @Roles(Role.InstallationAdmin)
  @Mutation(() => WorkspaceDto)
  async createWorkspace(@Args('input') input: CreateWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.create(input));
  }

  @Roles(Role.Admin)
  @WorkspaceIdArg('id')
  @Mutation(() => WorkspaceDto)
  async updateWorkspace(@Args('input') input: UpdateWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.update(input));
  }

  @Roles(Role.Owner)
  @WorkspaceIdArg('id')
  @Mutation(() => WorkspaceDto, {
    description: 'Deletes the workspace and everything in it except usage history.',
  })
  async deleteWorkspace(@Args('input') input: DeleteWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.delete(input.id));
  }
}
