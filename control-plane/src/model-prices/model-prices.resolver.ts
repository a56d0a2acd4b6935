import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles, Unscoped } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { ModelInfoDto } from './dtos/model-info.dto';
import { ModelPriceDto } from './dtos/model-price.dto';
import { ModelsArgs } from './dtos/models.args';
import { mergeCatalog } from './model-catalog';
import {
  CreateModelPriceInput,
  DeleteModelPriceInput,
  UpdateModelPriceInput,
} from './dtos/model-price.inputs';
import { toModelPriceDto } from './model-price.mapper';
import { ModelPricesService } from './model-prices.service';

@Resolver(() => ModelPriceDto)
export class ModelPricesResolver {
  constructor(private readonly prices: ModelPricesService) {}

  @Roles(Role.Viewer)
  @Query(() => [ModelPriceDto], { description: "The workspace's price overrides." })
  async modelPrices(@Args() args: WorkspaceScopeArgs): Promise<ModelPriceDto[]> {
    return (await this.prices.list(args.workspaceId)).map(toModelPriceDto);
  }

  @Roles(Role.Viewer)
  @Unscoped()
  @Query(() => [ModelInfoDto], {
    description:
      "The shipped model catalog, with a workspace's price overrides applied when workspaceId is given.",
  })
  async models(@Args() args: ModelsArgs): Promise<ModelInfoDto[]> {
    const overrides = args.workspaceId ? await this.prices.list(args.workspaceId) : [];
    return mergeCatalog(overrides, args.kind, args.search);
  }

  @Roles(Role.Admin)
  @Mutation(() => ModelPriceDto)
  async createModelPrice(@Args('input') input: CreateModelPriceInput): Promise<ModelPriceDto> {
    return toModelPriceDto(await this.prices.create(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => ModelPriceDto)
  async updateModelPrice(@Args('input') input: UpdateModelPriceInput): Promise<ModelPriceDto> {
    return toModelPriceDto(await this.prices.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => ModelPriceDto, { description: 'The shipped catalog price applies again.' })
  async deleteModelPrice(@Args('input') input: DeleteModelPriceInput): Promise<ModelPriceDto> {
    return toModelPriceDto(await this.prices.delete(input));
  }
}
