import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceDto } from './dtos/workspace.dto';
import {
  CreateWorkspaceInput,
  DeleteWorkspaceInput,
  UpdateWorkspaceInput,
  WorkspaceArgs,
} from './dtos/workspace.inputs';
import { toWorkspaceDto } from './workspace.mapper';
import { WorkspacesService } from './workspaces.service';

@Roles(Role.InstallationAdmin)
@Resolver(() => WorkspaceDto)
export class WorkspacesResolver {
  constructor(private readonly workspacesService: WorkspacesService) {}

  @Query(() => [WorkspaceDto])
  async workspaces(): Promise<WorkspaceDto[]> {
    return (await this.workspacesService.list()).map(toWorkspaceDto);
  }

  @Query(() => WorkspaceDto)
  async workspace(@Args() args: WorkspaceArgs): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.get(args.id));
  }

  @Mutation(() => WorkspaceDto)
  async createWorkspace(@Args('input') input: CreateWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.create(input));
  }

  @Mutation(() => WorkspaceDto)
  async updateWorkspace(@Args('input') input: UpdateWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.update(input));
  }

  @Mutation(() => WorkspaceDto, {
    description: 'Deletes the workspace and everything in it except usage history.',
  })
  async deleteWorkspace(@Args('input') input: DeleteWorkspaceInput): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspacesService.delete(input.id));
  }
}
