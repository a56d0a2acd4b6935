import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Role, type Principal } from '../auth/principal';
import { NoApiToken, Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenDto, CreatedApiTokenDto } from './dtos/api-token.dto';
import { CreateApiTokenInput, RevokeApiTokenInput } from './dtos/api-token.inputs';
import { toApiTokenDto } from './user.mapper';

/** Admin API tokens for automation: one workspace, one role, optional expiry. */
@Resolver(() => ApiTokenDto)
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Roles(Role.Admin)
  @Query(() => [ApiTokenDto])
  async apiTokens(@Args() args: WorkspaceScopeArgs): Promise<ApiTokenDto[]> {
    return (await this.tokens.list(args.workspaceId)).map(toApiTokenDto);
  }

  @Roles(Role.Admin)
  @NoApiToken()
  @Mutation(() => CreatedApiTokenDto, {
    description:
      'The secret is returned here and never again. The role is at most your own in the workspace.',
  })
  async createApiToken(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateApiTokenInput,
  ): Promise<CreatedApiTokenDto> {
    const { token, secret } = await this.tokens.create(principal, input);
    return { token: toApiTokenDto(token), secret };
  }

  @Roles(Role.Admin)
  @Mutation(() => ApiTokenDto, { description: 'Stops working at once. Idempotent.' })
  async revokeApiToken(@Args('input') input: RevokeApiTokenInput): Promise<ApiTokenDto> {
    return toApiTokenDto(await this.tokens.revoke(input));
  }
}
