import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { RateLimitDto, RateLimitUsageDto } from './dtos/rate-limit.dto';
import { DeleteRateLimitInput, SetRateLimitInput } from './dtos/rate-limit.inputs';
import type { RateLimitEntity } from './rate-limit.entity';
import { RateLimitUsageService } from './rate-limit-usage.service';
import { RateLimitsService } from './rate-limits.service';

function toDto(l: RateLimitEntity): RateLimitDto {
  return {
    id: l.id,
    workspaceId: l.workspaceId,
    scope: l.keyId ? 'key' : l.routeId ? 'route' : 'workspace',
    keyId: l.keyId,
    routeId: l.routeId,
    requestsPerWindow: l.requestsPerWindow,
    tokensPerWindow: l.tokensPerWindow,
    windowSeconds: l.windowSeconds,
    concurrent: l.concurrent,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

@Resolver(() => RateLimitDto)
export class RateLimitsResolver {
  constructor(
    private readonly limits: RateLimitsService,
    private readonly live: RateLimitUsageService,
  ) {}

  @Roles(Role.Viewer)
  @Query(() => [RateLimitDto], {
    description: "The workspace's rate limits: its own, its keys' and its routes'.",
  })
  async rateLimits(@Args() args: WorkspaceScopeArgs): Promise<RateLimitDto[]> {
    return (await this.limits.list(args.workspaceId)).map(toDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => RateLimitDto, {
    description:
      'Creates or replaces the limit of the workspace (no keyId, no routeId), a key or a route; fields not given are unset.',
  })
  async setRateLimit(@Args('input') input: SetRateLimitInput): Promise<RateLimitDto> {
    return toDto(await this.limits.set(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => RateLimitDto)
  async deleteRateLimit(@Args('input') input: DeleteRateLimitInput): Promise<RateLimitDto> {
    return toDto(await this.limits.delete(input));
  }

  @Roles(Role.Viewer)
  @ResolveField(() => RateLimitUsageDto, {
    nullable: true,
    description:
      'How full the limit is right now across the data-plane nodes; null when no node has reported lately.',
  })
  usage(@Parent() limit: RateLimitDto): RateLimitUsageDto | null {
    return this.live.usage(limit);
  }
}
