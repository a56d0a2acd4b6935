import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { RouteEntity } from '../routes/route.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { DeleteRateLimitInput, SetRateLimitInput } from './dtos/rate-limit.inputs';
import { writeRateLimit } from './rate-limit-write';
import { RateLimitEntity } from './rate-limit.entity';
import { invalidRateLimit, rateLimitNotFound } from './rate-limit.exception';

@Injectable()
export class RateLimitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** The workspace's limits: its own first, then keys', then routes'. */
  async list(workspaceId: string): Promise<RateLimitEntity[]> {
    await this.workspaces.get(workspaceId);
    const limits = await this.dataSource.manager.find(RateLimitEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const rank = (l: RateLimitEntity) => (l.keyId ? 1 : l.routeId ? 2 : 0);
    return limits.sort((a, b) => rank(a) - rank(b));
  }

  /** Creates or replaces the limit of the workspace, a key or a route (fields not given are unset). */
  async set(input: SetRateLimitInput): Promise<RateLimitEntity> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const keyId = input.keyId ?? null;
      const routeId = input.routeId ?? null;
      if (keyId && routeId) throw invalidRateLimit('A rate limit applies to a key or a route, not both');
      if (keyId) await this.checkKey(manager, input.workspaceId, keyId);
      if (routeId) await this.checkRoute(manager, input.workspaceId, routeId);
      return (await writeRateLimit(manager, { workspaceId: input.workspaceId, keyId, routeId }, input)).limit;
    });
  }

  async delete(input: DeleteRateLimitInput): Promise<RateLimitEntity> {
    return this.changes.run(async (manager) => {
      const limit = await manager.findOne(RateLimitEntity, {
        where: { id: input.id, workspaceId: input.workspaceId },
      });
      if (!limit) throw rateLimitNotFound(input.id);
      await manager.delete(RateLimitEntity, { id: limit.id, workspaceId: limit.workspaceId });
      return limit;
    });
  }

  private async checkKey(manager: EntityManager, workspaceId: string, id: string): Promise<void> {
    const key = await manager.findOne(VirtualKeyEntity, {
      where: { id, workspaceId, revokedAt: IsNull() },
      select: { id: true },
    });
    if (!key) throw invalidRateLimit(`No key ${id} in this workspace (or it is revoked)`);
  }

  private async checkRoute(manager: EntityManager, workspaceId: string, id: string): Promise<void> {
    const route = await manager.findOne(RouteEntity, { where: { id, workspaceId }, select: { id: true } });
    if (!route) throw invalidRateLimit(`No route ${id} in this workspace`);
  }
}
