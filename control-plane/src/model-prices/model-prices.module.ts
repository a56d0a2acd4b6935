import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ModelPricesResolver } from './model-prices.resolver';
import { ModelPricesService } from './model-prices.service';

@Module({
  imports: [WorkspacesModule],
  providers: [ModelPricesService, ModelPricesResolver],
  exports: [ModelPricesService],
})
export class ModelPricesModule {}
