import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { BudgetIndexService } from './budget-index.service';
import { BudgetStatePublisher } from './budget-state-publisher.service';
import { BudgetWebhooks } from './budget-webhooks.service';
import { BudgetsResolver } from './budgets.resolver';
import { BudgetsService } from './budgets.service';

@Module({
  imports: [WorkspacesModule],
  providers: [BudgetIndexService, BudgetStatePublisher, BudgetWebhooks, BudgetsService, BudgetsResolver],
  exports: [BudgetsService, BudgetIndexService, BudgetStatePublisher, BudgetWebhooks],
})
export class BudgetsModule {}
