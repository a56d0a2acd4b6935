import type { EntityManager } from 'typeorm';
import { invalidConfig } from '../config-apply/config-apply.exception';
import { RouteEntity } from '../routes/route.entity';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { RateLimitConfigInput } from './dtos/rate-limit-config.input';
import { writeRateLimit } from './rate-limit-write';
import { RateLimitEntity } from './rate-limit.entity';
import { RateLimitException } from './rate-limit.exception';
import type { ApplyNote as Note } from '../config-apply/apply-note';

/**
 * Applies a workspace's declared rate limits, after its keys and routes. The list is the
 * workspace's whole set: a limit it does not declare is removed. Names are `workspace`,
 * `key:<name>` or `route:<alias>`.
 */
export async function applyRateLimits(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: RateLimitConfigInput[],
  note: Note,
): Promise<void> {
  const where = `workspaces[${ws.slug}].rateLimits`;
  const invalid = (message: string) => invalidConfig(`${where}${message}`);
  const kept = new Set<string>();
  for (const spec of specs) {
    if (spec.key && spec.route) throw invalid(': a limit names a key or a route, not both');
    let keyId: string | null = null;
    let routeId: string | null = null;
    let name = 'workspace';
    if (spec.key) {
      const key = await manager.findOne(VirtualKeyEntity, {
        where: { workspaceId: ws.id, name: spec.key },
        select: { id: true },
      });
      if (!key) throw invalid(`: no key named "${spec.key}" in workspace ${ws.slug}`);
      keyId = key.id;
      name = `key:${spec.key}`;
    } else if (spec.route) {
      const route = await manager.findOne(RouteEntity, {
        where: { workspaceId: ws.id, alias: spec.route },
        select: { id: true },
      });
      if (!route) throw invalid(`: no route "${spec.route}" in workspace ${ws.slug}`);
      routeId = route.id;
      name = `route:${spec.route}`;
    }
    try {
      const { limit, action } = await writeRateLimit(manager, { workspaceId: ws.id, keyId, routeId }, spec);
      kept.add(limit.id);
      note('rate-limit', ws.slug, name, action);
    } catch (err) {
      if (err instanceof RateLimitException) throw invalid(`[${name}]: ${err.message}`);
      throw err;
    }
  }
  const existing = await manager.find(RateLimitEntity, { where: { workspaceId: ws.id } });
  for (const limit of existing) {
    if (kept.has(limit.id)) continue;
    await manager.delete(RateLimitEntity, { id: limit.id });
    note('rate-limit', ws.slug, `removed:${limit.keyId ?? limit.routeId ?? 'workspace'}`, 'updated');
  }
}
