import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { RouteDto } from './dtos/route.dto';
import { CreateRouteInput, DeleteRouteInput, UpdateRouteInput } from './dtos/route.inputs';
import { toRouteDto } from './route.mapper';
import { RoutesService } from './routes.service';

@Resolver(() => RouteDto)
export class RoutesResolver {
  constructor(private readonly routesService: RoutesService) {}

  @Roles(Role.Viewer)
  @Query(() => [RouteDto])
  async routes(@Args() args: WorkspaceScopeArgs): Promise<RouteDto[]> {
    return (await this.routesService.list(args.workspaceId)).map(toRouteDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => RouteDto)
  async createRoute(@Args('input') input: CreateRouteInput): Promise<RouteDto> {
    return toRouteDto(await this.routesService.create(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => RouteDto)
  async updateRoute(@Args('input') input: UpdateRouteInput): Promise<RouteDto> {
    return toRouteDto(await this.routesService.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => RouteDto, { description: "Also removes the route from keys' allowed routes." })
  async deleteRoute(@Args('input') input: DeleteRouteInput): Promise<RouteDto> {
    return toRouteDto(await this.routesService.delete(input));
  }
}
