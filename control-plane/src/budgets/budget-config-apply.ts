import type { EntityManager } from 'typeorm';
import { invalidConfig } from '../config-apply/config-apply.exception';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import { BudgetEntity } from './budget.entity';
import { BudgetException } from './budget.exception';
import { DEFAULT_THRESHOLDS, type BudgetFields, type BudgetsService } from './budgets.service';
import type { BudgetConfigInput } from './dtos/budget-config.input';
import type { ApplyNote as Note } from '../config-apply/apply-note';

function sameFields(b: BudgetEntity, f: BudgetFields, secretMatches: boolean): boolean {
  const thresholds = [...new Set(f.alertThresholds ?? DEFAULT_THRESHOLDS)].sort((x, y) => x - y);
  return (
    b.scope === f.scope &&
    b.keyId === (f.keyId ?? null) &&
    b.tagKey === (f.tagKey ?? null) &&
    b.tagValue === (f.tagValue ?? null) &&
    b.limitMicroUsd === (f.limitMicroUsd == null ? null : String(f.limitMicroUsd)) &&
    b.limitTokens === (f.limitTokens == null ? null : String(f.limitTokens)) &&
    b.period === f.period &&
    b.timezone === (f.timezone ?? 'UTC') &&
    b.alertThresholds.join(',') === thresholds.join(',') &&
    b.webhookUrl === (f.webhookUrl ?? null) &&
    b.hardStop === (f.hardStop ?? true) &&
    secretMatches
  );
}

/**
 * Upserts a workspace's declared budgets (matched by name), after its keys were applied. A
 * declared budget is the whole definition: fields left out take their defaults. Budgets
 * the config does not name are left alone; their spend counters are never touched.
 */
export async function applyBudgets(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: BudgetConfigInput[],
  budgets: BudgetsService,
  note: Note,
): Promise<void> {
  for (const spec of specs) {
    const where = `workspaces[${ws.slug}].budgets[${spec.name}]`;
    let keyId: string | null = null;
    if (spec.key !== undefined) {
      const key = await manager.findOne(VirtualKeyEntity, {
        where: { workspaceId: ws.id, name: spec.key },
        select: { id: true },
      });
      if (!key) throw invalidConfig(`${where}.key: no key named "${spec.key}" in workspace ${ws.slug}`);
      keyId = key.id;
    }
    const fields: BudgetFields = {
      name: spec.name,
      scope: spec.scope,
      keyId,
      tagKey: spec.tagKey ?? null,
      tagValue: spec.tagValue ?? null,
      limitMicroUsd: spec.limitMicroUsd ?? null,
      limitTokens: spec.limitTokens ?? null,
      period: spec.period,
      timezone: spec.timezone ?? 'UTC',
      alertThresholds: spec.alertThresholds ?? DEFAULT_THRESHOLDS,
      webhookUrl: spec.webhookUrl ?? null,
      webhookSecret: spec.webhookSecret ?? null,
      hardStop: spec.hardStop ?? true,
    };
    try {
      const existing = await manager.findOne(BudgetEntity, {
        where: { workspaceId: ws.id, name: spec.name },
      });
      if (!existing) {
        await budgets.createIn(manager, { workspaceId: ws.id, ...fields });
        note('budget', ws.slug, spec.name, 'created');
      } else if (
        sameFields(existing, fields, budgets.sameWebhookSecret(existing, fields.webhookSecret ?? null))
      ) {
        note('budget', ws.slug, spec.name, 'unchanged');
      } else {
        await budgets.updateIn(manager, existing, fields);
        note('budget', ws.slug, spec.name, 'updated');
      }
    } catch (err) {
      if (!(err instanceof BudgetException)) throw err;
      throw invalidConfig(`${where}: ${err.message}`);
    }
  }
  if (specs.length) budgets.changed();
}
