import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { UsageResolver } from './usage.resolver';
import { UsageService } from './usage.service';

@Module({
  imports: [WorkspacesModule, BudgetsModule],
  providers: [UsageService, UsageResolver],
  exports: [UsageService],
})
export class UsageModule {}
