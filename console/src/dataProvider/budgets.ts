import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { listOf, numberOrNull } from '../common/textValues';
import { usdToMicro } from '../common/usdPerMTok';
import type { Budget, BudgetEvent } from '../budgets/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const STATUS = `{ budgetId exhausted percentUsed spentMicroUsd spentTokens remainingMicroUsd remainingTokens
  windowStart resetsAt }`;
const FIELDS = `{ id workspaceId name scope keyId tagKey tagValue period timezone limitMicroUsd limitTokens hardStop
  alertThresholds webhookUrl webhookSigned status ${STATUS} createdAt updatedAt }`;

/** The form: the USD limit typed in dollars, thresholds as a list, the webhook secret write-only. */
export type BudgetForm = Partial<Budget> & {
  limitUsd?: string | number | null;
  thresholds?: string | number[];
  webhookSecret?: string;
};

function formRecord(budget: Budget): Budget & BudgetForm {
  return {
    ...budget,
    limitUsd: budget.limitMicroUsd === null ? '' : budget.limitMicroUsd / 1_000_000,
    thresholds: budget.alertThresholds,
  };
}

async function list(): Promise<Budget[]> {
  const query = `query { budgets${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ budgets: Budget[] }>(query)).budgets.map(formRecord);
}

function input(data: BudgetForm, creating: boolean) {
  const thresholds = listOf(data.thresholds).map(Number);
  const webhookUrl = data.webhookUrl?.trim() || null;
  return {
    name: data.name?.trim(),
    scope: data.scope,
    keyId: data.scope === 'key' ? data.keyId : creating ? undefined : null,
    tagKey: data.scope === 'tag' ? data.tagKey?.trim() : creating ? undefined : null,
    tagValue: data.scope === 'tag' ? data.tagValue?.trim() : creating ? undefined : null,
    period: data.period,
    timezone: data.timezone?.trim() || undefined,
    limitMicroUsd:
      usdToMicro(data.limitUsd === undefined || data.limitUsd === null ? null : String(data.limitUsd)) ??
      (creating ? undefined : null),
    limitTokens: numberOrNull(data.limitTokens) ?? (creating ? undefined : null),
    hardStop: data.hardStop ?? true,
    alertThresholds: thresholds.length ? thresholds : undefined,
    webhookUrl: webhookUrl ?? (creating ? undefined : null),
    // A typed secret replaces the stored one; blank keeps it.
    webhookSecret: data.webhookSecret ? data.webhookSecret : undefined,
  };
}

export const budgets: ResourceHandler<Budget> = {
  list,
  async getOne(id) {
    const query = `query { budget(input: {workspaceId: ${JSON.stringify(requireWorkspaceId())}, id: ${JSON.stringify(String(id))}}) ${FIELDS} }`;
    return formRecord((await graphqlRequest<{ budget: Budget }>(query)).budget);
  },
  create: async (data: BudgetForm) =>
    formRecord(
      await mutate<Budget>(
        'createBudget',
        { workspaceId: requireWorkspaceId(), ...input(data, true) },
        FIELDS,
      ),
    ),
  update: async (id, data: BudgetForm) =>
    formRecord(
      await mutate<Budget>(
        'updateBudget',
        { workspaceId: requireWorkspaceId(), id: String(id), ...input(data, false) },
        FIELDS,
      ),
    ),
  delete: (id) => mutateIgnoringResult('deleteBudget', { workspaceId: requireWorkspaceId(), id: String(id) }),
};

/** Threshold crossings, newest first; one budget's when `budgetId` is given. */
export async function budgetEvents(budgetId?: string): Promise<BudgetEvent[]> {
  const args = argumentList({ workspaceId: requireWorkspaceId(), budgetId, limit: 100 });
  const query = `query { budgetEvents${args} { id budgetId threshold spentMicroUsd spentTokens windowStart
    webhookStatus webhookAttempts webhookError createdAt } }`;
  return (await graphqlRequest<{ budgetEvents: BudgetEvent[] }>(query)).budgetEvents;
}
