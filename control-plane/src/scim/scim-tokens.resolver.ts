import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CreatedScimTokenDto, ScimTokenDto } from './dtos/scim-token.dto';
import { CreateScimTokenInput, RevokeScimTokenInput } from './dtos/scim-token.inputs';
import type { ScimTokenEntity } from './scim-token.entity';
import { ScimTokensService } from './scim-tokens.service';

function toDto(t: ScimTokenEntity): ScimTokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    createdAt: t.createdAt,
  };
}

@Roles(Role.InstallationAdmin)
@Resolver(() => ScimTokenDto)
export class ScimTokensResolver {
  constructor(private readonly tokens: ScimTokensService) {}

  @Query(() => [ScimTokenDto])
  async scimTokens(): Promise<ScimTokenDto[]> {
    return (await this.tokens.list()).map(toDto);
  }

  @Mutation(() => CreatedScimTokenDto, { description: 'The secret is returned here and never again.' })
  async createScimToken(@Args('input') input: CreateScimTokenInput): Promise<CreatedScimTokenDto> {
    const { token, secret } = await this.tokens.create(input.name);
    return { token: toDto(token), secret };
  }

  @Mutation(() => ScimTokenDto, { description: 'The token stops working at once.' })
  async revokeScimToken(@Args('input') input: RevokeScimTokenInput): Promise<ScimTokenDto> {
    return toDto(await this.tokens.revoke(input.id));
  }
}
