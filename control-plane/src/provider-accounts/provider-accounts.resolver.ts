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

@Roles(Role.InstallationAdmin)
@Resolver(() => ProviderAccountDto)
export class ProviderAccountsResolver {
  constructor(private readonly providers: ProviderAccountsService) {}

  @Query(() => [ProviderAccountDto])
  async providerAccounts(@Args() args: WorkspaceScopeArgs): Promise<ProviderAccountDto[]> {
    return (await this.providers.list(args.workspaceId)).map(toProviderAccountDto);
  }

  @Mutation(() => ProviderAccountDto)
  async createProviderAccount(@Args('input') input: CreateProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.create(input));
  }

  @Mutation(() => ProviderAccountDto)
  async updateProviderAccount(@Args('input') input: UpdateProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.update(input));
  }

  @Mutation(() => ProviderAccountDto, { description: 'Refused while a route targets the provider.' })
  async deleteProviderAccount(@Args('input') input: DeleteProviderAccountInput): Promise<ProviderAccountDto> {
    return toProviderAccountDto(await this.providers.delete(input));
  }
}
