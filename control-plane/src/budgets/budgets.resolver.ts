import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import type { BudgetEventEntity } from './budget-event.entity';
import type { BudgetEntity } from './budget.entity';
import { BudgetsService } from './budgets.service';
import { BudgetDto, BudgetEventDto, BudgetStatusDto } from './dtos/budget.dto';
import {
  BudgetEventsArgs,
  BudgetRecordInput,
  CreateBudgetInput,
  DeleteBudgetInput,
  UpdateBudgetInput,
} from './dtos/budget.inputs';

function eventDto(e: BudgetEventEntity): BudgetEventDto {
  return {
    id: e.id,
    budgetId: e.budgetId,
    workspaceId: e.workspaceId,
    windowStart: e.windowStart,
    threshold: e.threshold,
    spentMicroUsd: Number(e.spentMicroUsd),
    spentTokens: Number(e.spentTokens),
    webhookStatus: e.webhookStatus,
    webhookAttempts: e.webhookAttempts,
    webhookError: e.webhookError,
    createdAt: e.createdAt,
  };
}

@Resolver(() => BudgetDto)
export class BudgetsResolver {
  constructor(private readonly service: BudgetsService) {}

  @Roles(Role.Viewer)
  @Query(() => [BudgetDto], { description: "The workspace's budgets, each with its current window's spend." })
  async budgets(@Args() args: WorkspaceScopeArgs): Promise<BudgetDto[]> {
    return this.dtos(await this.service.list(args.workspaceId));
  }

  @Roles(Role.Viewer)
  @Query(() => BudgetDto)
  async budget(@Args('input') input: BudgetRecordInput): Promise<BudgetDto> {
    return (await this.dtos([await this.service.find(input)]))[0];
  }

  @Roles(Role.Viewer)
  @Query(() => BudgetStatusDto, {
    description: 'Spend, remaining and reset time of the current window, as counted by the control plane.',
  })
  async budgetStatus(@Args('input') input: BudgetRecordInput): Promise<BudgetStatusDto> {
    const budget = await this.service.find(input);
    return (await this.service.statusOf([budget])).get(budget.id)!;
  }

  @Roles(Role.Viewer)
  @Query(() => [BudgetEventDto], { description: 'Alert threshold crossings, newest first.' })
  async budgetEvents(@Args() args: BudgetEventsArgs): Promise<BudgetEventDto[]> {
    const events = await this.service.events(
      args.workspaceId,
      args.budgetId,
      args.limit ?? 100,
      args.offset ?? 0,
    );
    return events.map(eventDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => BudgetDto)
  async createBudget(@Args('input') input: CreateBudgetInput): Promise<BudgetDto> {
    return (await this.dtos([await this.service.create(input)]))[0];
  }

  @Roles(Role.Admin)
  @Mutation(() => BudgetDto)
  async updateBudget(@Args('input') input: UpdateBudgetInput): Promise<BudgetDto> {
    return (await this.dtos([await this.service.update(input)]))[0];
  }

  @Roles(Role.Admin)
  @Mutation(() => BudgetDto, { description: 'Also removes its counters and events.' })
  async deleteBudget(@Args('input') input: DeleteBudgetInput): Promise<BudgetDto> {
    const budget = await this.service.delete(input);
    const status = (await this.service.statusOf([budget])).get(budget.id)!;
    return this.dto(budget, status);
  }

  private async dtos(budgets: BudgetEntity[]): Promise<BudgetDto[]> {
    const status = await this.service.statusOf(budgets);
    return budgets.map((b) => this.dto(b, status.get(b.id)!));
  }

  private dto(b: BudgetEntity, status: BudgetStatusDto): BudgetDto {
    return {
      id: b.id,
      workspaceId: b.workspaceId,
      name: b.name,
      scope: b.scope,
      keyId: b.keyId,
      tagKey: b.tagKey,
      tagValue: b.tagValue,
      limitMicroUsd: b.limitMicroUsd === null ? null : Number(b.limitMicroUsd),
      limitTokens: b.limitTokens === null ? null : Number(b.limitTokens),
      period: b.period,
      timezone: b.timezone,
      alertThresholds: b.alertThresholds,
      webhookUrl: b.webhookUrl,
      webhookSigned: b.webhookSecretSealed !== null,
      hardStop: b.hardStop,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      status,
    };
  }
}
