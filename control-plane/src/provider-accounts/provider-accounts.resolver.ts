import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { ProviderAccountDto } from './dtos/provider-account.dto';
import {
  CreateProviderAccountInput,
  DeleteProviderAccountInput,
  UpdateProviderAccountInput,
} from './dtos/provider-account.inputs';
import { toProviderAccountDto } from './provider-account.mapper';
import { ProviderAccountsService } from './provider-accounts.service';
import { ProviderConnectionService } from './provider-connection.service';
import { ProviderConnectionTestDto, TestProviderAccountInput } from './dtos/provider-connection-test.dto';

@Resolver(() => ProviderAccountDto)
export class ProviderAccountsResolver {
  constructor(
    private readonly providers: ProviderAccountsService,
    private readonly connections: ProviderConnectionService,
  ) {}

  @Roles(Role.Viewer)
  @Query(() => [ProviderAccountDto])
  async providerAccounts(@Args() args: WorkspaceScopeArgs): Promise<ProviderAccountDto[]> {
    return (await this.providers.list(args.workspaceId)).map(toProviderAccountDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => ProviderAccountDto)
  async createProviderAccount(@Args('input') input: CreateProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.create(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => ProviderAccountDto)
  async updateProviderAccount(@Args('input') input: UpdateProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => ProviderAccountDto, { description: 'Refused while a route targets the provider.' })
  async deleteProviderAccount(@Args('input') input: DeleteProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.delete(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => ProviderConnectionTestDto, {
    description:
      "Test connection: one authenticated GET of the provider's models list (OpenAI-compatible kinds, Anthropic, Gemini, Mistral, Cohere), through the outbound policy. Changes nothing.",
  })
  async testProviderAccount(
    @Args('input') input: TestProviderAccountInput,
  ): Promise<ProviderConnectionTestDto> {
    return this.connections.test(input.workspaceId, input.id);
  }
}
