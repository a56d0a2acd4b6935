import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { CreateRouteInput, DeleteRouteInput, UpdateRouteInput } from './dtos/route.inputs';
import { RouteTargetEntity } from './route-target.entity';
import { RouteEntity } from './route.entity';
import { RouteException, RouteExceptionCode, aliasTaken, routeNotFound } from './route.exception';

/** A route with its ordered targets. */
export interface RouteView {
  route: RouteEntity;
  targets: Array<{ providerId: string; model: string }>;
}

@Injectable()
export class RoutesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(workspaceId: string): Promise<RouteView[]> {
    await this.workspaces.get(workspaceId);
    const manager = this.dataSource.manager;
    const routes = await manager.find(RouteEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return this.withTargets(manager, routes);
  }

  async create(input: CreateRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const route = manager.create(RouteEntity, {
        id: randomUUID(),
        workspaceId: input.workspaceId,
        alias: input.alias,
        strategy: input.strategy ?? 'single',
      });
      await this.save(manager, route);
      await this.replaceTargets(manager, route, input.targets);
      return (await this.withTargets(manager, [route]))[0];
    });
  }

  async update(input: UpdateRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      const route = await manager.findOne(RouteEntity, {
        where: { id: input.id, workspaceId: input.workspaceId },
      });
      if (!route) throw routeNotFound(input.id);
      if (input.alias != null) route.alias = input.alias;
      if (input.strategy != null) route.strategy = input.strategy;
      if (input.targets != null) await this.replaceTargets(manager, route, input.targets);
      // Touch updated_at even when only the targets changed.
      route.updatedAt = new Date();
      await this.save(manager, route);
      return (await this.withTargets(manager, [route]))[0];
    });
  }

  /**
   * Deletes a route and drops it from keys' allowed lists (a key limited to it can then
   * call fewer routes, never more).
   */
  async delete(input: DeleteRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      const route = await manager.findOne(RouteEntity, {
        where: { id: input.id, workspaceId: input.workspaceId },
      });
      if (!route) throw routeNotFound(input.id);
      const [view] = await this.withTargets(manager, [route]);
      await manager.query(
        `UPDATE virtual_keys SET allowed_route_ids = array_remove(allowed_route_ids, $1), updated_at = now()
         WHERE workspace_id = $2 AND $1 = ANY (allowed_route_ids)`,
        [route.id, route.workspaceId],
      );
      await manager.delete(RouteEntity, { id: route.id, workspaceId: route.workspaceId });
      return view;
    });
  }

  /** Replaces a route's targets after checking each provider belongs to the route's workspace. */
  async replaceTargets(
    manager: EntityManager,
    route: RouteEntity,
    targets: Array<{ providerId: string; model: string }>,
  ): Promise<void> {
    const ids = [...new Set(targets.map((t) => t.providerId))];
    const found = await manager.find(ProviderAccountEntity, {
      where: { id: In(ids), workspaceId: route.workspaceId },
      select: { id: true },
    });
    const known = new Set(found.map((p) => p.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) {
      throw new RouteException(
        `targets name providers that are not in this workspace: ${missing.join(', ')}`,
        RouteExceptionCode.UNKNOWN_PROVIDER,
      );
    }
    await manager.delete(RouteTargetEntity, { routeId: route.id });
    await manager.insert(
      RouteTargetEntity,
      targets.map((t, position) => ({
        routeId: route.id,
        position,
        providerId: t.providerId,
        model: t.model,
      })),
    );
  }

  async withTargets(manager: EntityManager, routes: RouteEntity[]): Promise<RouteView[]> {
    if (!routes.length) return [];
    const targets = await manager.find(RouteTargetEntity, {
      where: { routeId: In(routes.map((r) => r.id)) },
      order: { routeId: 'ASC', position: 'ASC' },
    });
    return routes.map((route) => ({
      route,
      targets: targets
        .filter((t) => t.routeId === route.id)
        .map((t) => ({ providerId: t.providerId, model: t.model })),
    }));
  }

  async save(manager: EntityManager, route: RouteEntity): Promise<RouteEntity> {
    try {
      return await manager.save(route);
    } catch (error) {
      if (uniqueViolation(error)) throw aliasTaken(route.alias);
      throw error;
    }
  }
}
