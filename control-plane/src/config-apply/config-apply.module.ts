import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { ModelPricesModule } from '../model-prices/model-prices.module';
import { McpServersModule } from '../mcp-servers/mcp-servers.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProviderAccountsModule } from '../provider-accounts/provider-accounts.module';
import { RoutesModule } from '../routes/routes.module';
import { VirtualKeysModule } from '../virtual-keys/virtual-keys.module';
import { ConfigApplyResolver } from './config-apply.resolver';
import { ConfigApplyService } from './config-apply.service';

@Module({
  imports: [
    ProviderAccountsModule,
    RoutesModule,
    VirtualKeysModule,
    ModelPricesModule,
    McpServersModule,
    PromptsModule,
    BudgetsModule,
  ],
  providers: [ConfigApplyService, ConfigApplyResolver],
  exports: [ConfigApplyService],
})
export class ConfigApplyModule {}
