import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { CreatedVirtualKeyDto, VirtualKeyDto } from './dtos/virtual-key.dto';
import {
  CreateVirtualKeyInput,
  RevokeVirtualKeyInput,
  UpdateVirtualKeyInput,
} from './dtos/virtual-key.inputs';
import { toVirtualKeyDto } from './virtual-key.mapper';
import { VirtualKeysService } from './virtual-keys.service';

@Resolver(() => VirtualKeyDto)
export class VirtualKeysResolver {
  constructor(private readonly keys: VirtualKeysService) {}

  @Roles(Role.Viewer)
  @Query(() => [VirtualKeyDto])
  async virtualKeys(@Args() args: WorkspaceScopeArgs): Promise<VirtualKeyDto[]> {
    return (await this.keys.list(args.workspaceId)).map(toVirtualKeyDto);
  }

  @Roles(Role.Member)
  @Mutation(() => CreatedVirtualKeyDto, { description: 'The secret is returned here and never again.' })
  async createVirtualKey(@Args('input') input: CreateVirtualKeyInput): Promise<CreatedVirtualKeyDto> {
    const { key, secret } = await this.keys.create(input);
    return { key: toVirtualKeyDto(key), secret };
  }

  @Roles(Role.Admin)
  @Mutation(() => VirtualKeyDto)
  async updateVirtualKey(@Args('input') input: UpdateVirtualKeyInput): Promise<VirtualKeyDto> {
    return toVirtualKeyDto(await this.keys.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => VirtualKeyDto, {
    description: 'The key stops working as soon as nodes apply the next snapshot.',
  })
  async revokeVirtualKey(@Args('input') input: RevokeVirtualKeyInput): Promise<VirtualKeyDto> {
    return toVirtualKeyDto(await this.keys.revoke(input));
  }
}
