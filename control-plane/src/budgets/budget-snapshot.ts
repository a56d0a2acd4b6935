import type { BudgetPeriod, BudgetScope, SnapshotBudget } from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { BudgetEntity } from './budget.entity';

export function toSnapshotBudget(b: BudgetEntity): SnapshotBudget {
  return {
    id: b.id,
    workspaceId: b.workspaceId,
    name: b.name,
    scope: b.scope as BudgetScope,
    keyId: b.keyId,
    tagKey: b.tagKey,
    tagValue: b.tagValue,
    limitMicroUsd: b.limitMicroUsd === null ? null : Number(b.limitMicroUsd),
    limitTokens: b.limitTokens === null ? null : Number(b.limitTokens),
    period: b.period as BudgetPeriod,
    timezone: b.timezone,
    hardStop: b.hardStop,
  };
}

/**
 * The budget definitions of a snapshot (spend travels separately, in the budget bucket),
 * except budgets of revoked keys (not in the snapshot, so nothing to enforce). Left out
 * when empty, so a config without budgets hashes as it did before they existed.
 */
export async function compileBudgets(manager: EntityManager): Promise<{ budgets?: SnapshotBudget[] }> {
  const rows = await manager
    .createQueryBuilder(BudgetEntity, 'b')
    .leftJoin(VirtualKeyEntity, 'key', 'key.id = b.key_id')
    .where('b.key_id IS NULL OR key.revoked_at IS NULL')
    .orderBy('b.id', 'ASC')
    .getMany();
  return rows.length ? { budgets: rows.map(toSnapshotBudget) } : {};
}
