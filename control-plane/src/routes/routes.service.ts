import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SnapshotRoute } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { foreignKeyViolation, uniqueViolation } from '../database/postgres-errors';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { CreateRouteInput, DeleteRouteInput, UpdateRouteInput } from './dtos/route.inputs';
import { checkRoute } from './route-checks';
import {
  buildRouteSpec,
  mergeRouteSpec,
  specReferences,
  targetRows,
  toSnapshotRoute,
  type RouteSpec,
} from './route-spec';
import { RouteTargetEntity } from './route-target.entity';
import { RouteEntity } from './route.entity';
import { RouteException, RouteExceptionCode, aliasTaken, routeNotFound } from './route.exception';

/** A stored route and what it does, in the snapshot's shape. */
export interface RouteView {
  route: RouteEntity;
  spec: SnapshotRoute;
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
    return this.views(manager, routes);
  }

  async create(input: CreateRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const spec = buildRouteSpec({ ...input, strategy: input.strategy ?? 'single' });
      const route = manager.create(RouteEntity, {
        id: randomUUID(),
        workspaceId: input.workspaceId,
        alias: input.alias,
      });
      return this.write(manager, route, spec);
    });
  }

  async update(input: UpdateRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      const route = await manager.findOne(RouteEntity, {
        where: { id: input.id, workspaceId: input.workspaceId },
      });
      if (!route) throw routeNotFound(input.id);
      const [current] = await this.views(manager, [route]);
      if (input.alias != null) route.alias = input.alias;
      return this.write(manager, route, mergeRouteSpec(current.spec, input));
    });
  }

  /**
   * Deletes a route and drops it from keys' allowed lists (a key limited to it can then
   * call fewer routes, never more). Refused while another route targets it.
   */
  async delete(input: DeleteRouteInput): Promise<RouteView> {
    return this.changes.run(async (manager) => {
      const route = await manager.findOne(RouteEntity, {
        where: { id: input.id, workspaceId: input.workspaceId },
      });
      if (!route) throw routeNotFound(input.id);
      const [view] = await this.views(manager, [route]);
      const users = await this.routesUsing(manager, route);
      if (users.length) throw routeInUse(route.alias, users);
      await manager.query(
        `UPDATE virtual_keys SET allowed_route_ids = array_remove(allowed_route_ids, $1), updated_at = now()
         WHERE workspace_id = $2 AND $1 = ANY (allowed_route_ids)`,
        [route.id, route.workspaceId],
      );
      try {
        await manager.delete(RouteEntity, { id: route.id, workspaceId: route.workspaceId });
      } catch (error) {
        // A route that targets it, created concurrently between the check and the delete.
        if (foreignKeyViolation(error) !== null) throw routeInUse(route.alias, []);
        throw error;
      }
      return view;
    });
  }

  /**
   * Stores `route` doing `spec`: every provider and route it names must be in its
   * workspace, and the result must pass proto's strategy and nesting rules (checked with
   * the write in place, so nesting sees the workspace as it would be).
   */
  async write(manager: EntityManager, route: RouteEntity, spec: RouteSpec): Promise<RouteView> {
    await this.checkReferences(manager, route.workspaceId, spec);
    route.strategy = spec.strategy;
    route.fallback = spec.fallback ?? null;
    route.conditions = spec.conditions ?? null;
    route.semantic = spec.semantic ?? null;
    route.ensemble = spec.ensemble ?? null;
    route.cache = spec.cache ?? null;
    // Touch updated_at even when only the targets changed.
    route.updatedAt = new Date();
    await this.save(manager, route);
    await manager.delete(RouteTargetEntity, { routeId: route.id });
    // jsonb columns hold plain JSON, which TypeORM's deep-partial type cannot see through.
    await manager.insert(
      RouteTargetEntity,
      targetRows(route.id, spec) as QueryDeepPartialEntity<RouteTargetEntity>[],
    );

    const all = await this.views(
      manager,
      await manager.find(RouteEntity, { where: { workspaceId: route.workspaceId } }),
    );
    const self = all.find((v) => v.route.id === route.id)!;
    checkRoute(
      self.spec,
      all.map((v) => v.spec),
    );
    return self;
  }

  async views(manager: EntityManager, routes: RouteEntity[]): Promise<RouteView[]> {
    if (!routes.length) return [];
    const targets = await manager.find(RouteTargetEntity, {
      where: { routeId: In(routes.map((r) => r.id)) },
      order: { routeId: 'ASC', position: 'ASC' },
    });
    return routes.map((route) => ({
      route,
      spec: toSnapshotRoute(
        route,
        targets.filter((t) => t.routeId === route.id),
      ),
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

  private async checkReferences(manager: EntityManager, workspaceId: string, spec: RouteSpec): Promise<void> {
    const { providerIds, routeIds } = specReferences(spec);
    const missing = async (entity: typeof ProviderAccountEntity | typeof RouteEntity, ids: string[]) => {
      if (!ids.length) return [];
      const found = await manager.find(entity, { where: { id: In(ids), workspaceId }, select: { id: true } });
      const known = new Set(found.map((row) => row.id));
      return ids.filter((id) => !known.has(id));
    };
    const providers = await missing(ProviderAccountEntity, providerIds);
    if (providers.length) {
      throw new RouteException(
        `the route names providers that are not in this workspace: ${providers.join(', ')}`,
        RouteExceptionCode.UNKNOWN_PROVIDER,
      );
    }
    const routes = await missing(RouteEntity, routeIds);
    if (routes.length) {
      throw new RouteException(
        `the route names routes that are not in this workspace: ${routes.join(', ')}`,
        RouteExceptionCode.UNKNOWN_ROUTE,
      );
    }
  }

  /** Aliases of the other routes that target `route` or use it as their ensemble judge. */
  private async routesUsing(manager: EntityManager, route: RouteEntity): Promise<string[]> {
    const rows: Array<{ alias: string }> = await manager.query(
      `SELECT DISTINCT r.alias FROM routes r
         LEFT JOIN route_targets t ON t.route_id = r.id AND t.target_route_id = $1
        WHERE r.workspace_id = $2 AND r.id <> $1
          AND (t.route_id IS NOT NULL OR r.ensemble -> 'judge' ->> 'routeId' = $1::text)
        ORDER BY 1`,
      [route.id, route.workspaceId],
    );
    return rows.map((r) => r.alias);
  }
}

function routeInUse(alias: string, users: string[]): RouteException {
  const which = users.length ? `: ${users.map((a) => `"${a}"`).join(', ')}` : '';
  return new RouteException(
    `Route "${alias}" is still a target of other routes${which}; change or delete them first`,
    RouteExceptionCode.IN_USE,
  );
}
