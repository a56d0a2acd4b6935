import { Injectable } from '@nestjs/common';
import type { SnapshotContent } from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { CredentialsVault } from '../crypto/credentials-vault.service';
import { ModelPriceEntity } from '../model-prices/model-price.entity';
import { toSnapshotModelPrice } from '../model-prices/model-price.mapper';
import { McpCredentialsVault } from '../mcp-servers/mcp-credentials-vault';
import { compileMcp } from '../mcp-servers/mcp-snapshot';
import { compileGuardrails } from '../guardrails/guardrail-snapshot';
import { compileRateLimits } from '../rate-limits/rate-limit-snapshot';
import { compilePrompts } from '../prompts/prompt-snapshot';
import { compileBudgets } from '../budgets/budget-snapshot';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { RouteTargetEntity } from '../routes/route-target.entity';
import { RouteEntity } from '../routes/route.entity';
import { toSnapshotRoute } from '../routes/route-spec';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/**
 * Reads all enforced state through `manager` (so it sees the calling transaction's own
 * writes) and builds snapshot content: arrays sorted by id, credentials re-sealed for the
 * data plane, revoked keys left out.
 */
@Injectable()
export class SnapshotCompiler {
  constructor(
    private readonly vault: CredentialsVault,
    private readonly mcpVault: McpCredentialsVault,
  ) {}

  async compile(manager: EntityManager): Promise<SnapshotContent> {
    const byId = { order: { id: 'ASC' as const } };
    const [workspaces, providers, routes, targets, keys, prices] = await Promise.all([
      manager.find(WorkspaceEntity, byId),
      manager.find(ProviderAccountEntity, byId),
      manager.find(RouteEntity, byId),
      manager.find(RouteTargetEntity, { order: { routeId: 'ASC', position: 'ASC' } }),
      manager.find(VirtualKeyEntity, byId),
      manager.find(ModelPriceEntity, { order: { workspaceId: 'ASC', providerKind: 'ASC', model: 'ASC' } }),
    ]);
    const mcp = await compileMcp(manager, this.mcpVault);
    const guardrails = await compileGuardrails(manager, this.vault);
    const rateLimits = await compileRateLimits(manager);
    const prompts = await compilePrompts(manager);
    const budgets = await compileBudgets(manager);
    const targetsByRoute = new Map<string, RouteTargetEntity[]>();
    for (const t of targets) {
      const list = targetsByRoute.get(t.routeId) ?? [];
      list.push(t);
      targetsByRoute.set(t.routeId, list);
    }
    return {
      // Absent rather than empty, so configs without overrides hash as before.
      ...(prices.length ? { modelPrices: prices.map(toSnapshotModelPrice) } : {}),
      workspaces: workspaces.map((w) => ({
        id: w.id,
        slug: w.slug,
        name: w.name,
        ...(w.logPayloads ? { logPayloads: true as const } : {}),
      })),
      providers: providers.map((p) => ({
        id: p.id,
        workspaceId: p.workspaceId,
        name: p.name,
        kind: p.kind,
        baseUrl: p.baseUrl,
        credentials: p.credentialsSealed ? this.vault.resealForSnapshot(p.id, p.credentialsSealed) : null,
        ...(p.options && Object.keys(p.options).length ? { options: p.options } : {}),
      })),
      routes: routes.map((r) => toSnapshotRoute(r, targetsByRoute.get(r.id) ?? [])),
      keys: keys
        .filter((k) => k.revokedAt === null)
        .map((k) => ({
          id: k.id,
          workspaceId: k.workspaceId,
          name: k.name,
          hash: k.keyHash,
          expiresAt: k.expiresAt ? k.expiresAt.toISOString() : null,
          allowedRouteIds: k.allowedRouteIds ? [...k.allowedRouteIds].sort() : null,
          ...(k.cache ? { cache: k.cache } : {}),
        })),
      ...mcp,
      ...guardrails,
      ...rateLimits,
      ...prompts,
      ...budgets,
    };
  }
}
