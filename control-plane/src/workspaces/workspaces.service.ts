import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { RouteEntity } from '../routes/route.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import type { CreateWorkspaceInput, UpdateWorkspaceInput } from './dtos/workspace.inputs';
import { WorkspaceEntity } from './workspace.entity';
import { WorkspaceException, WorkspaceExceptionCode, workspaceNotFound } from './workspace.exception';

@Injectable()
export class WorkspacesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
  ) {}

  /** Every workspace, or only those in `ids`. */
  list(ids: 'all' | readonly string[] = 'all'): Promise<WorkspaceEntity[]> {
    return this.dataSource.manager.find(WorkspaceEntity, {
      where: ids === 'all' ? {} : { id: In([...ids]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Throws NOT_FOUND; use to check a workspace-scoped request before anything else. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkspaceEntity> {
    const workspace = await manager.findOne(WorkspaceEntity, { where: { id } });
    if (!workspace) throw workspaceNotFound(id);
    return workspace;
  }

  async create(input: CreateWorkspaceInput): Promise<WorkspaceEntity> {
    return this.changes.run(async (manager) => {
      try {
        return await manager.save(
          manager.create(WorkspaceEntity, {
            id: randomUUID(),
            slug: input.slug,
            name: input.name,
            logPayloads: input.logPayloads ?? false,
          }),
        );
      } catch (error) {
        if (uniqueViolation(error)) throw slugTaken(input.slug);
        throw error;
      }
    });
  }

  async update(input: UpdateWorkspaceInput): Promise<WorkspaceEntity> {
    return this.changes.run(async (manager) => {
      const workspace = await this.get(input.id, manager);
      if (input.name != null) workspace.name = input.name;
      if (input.logPayloads != null) workspace.logPayloads = input.logPayloads;
      return manager.save(workspace);
    });
  }

  /** Deletes the workspace with its providers, routes and keys; its usage records stay as history. */
  async delete(id: string): Promise<WorkspaceEntity> {
    return this.changes.run(async (manager) => {
      const workspace = await this.get(id, manager);
      // Targets first (they reference providers and other routes, which deletes would otherwise
      // meet while still referenced), then routes, then the workspace and the rest by cascade.
      await manager.query(
        `DELETE FROM route_targets WHERE route_id IN (SELECT id FROM routes WHERE workspace_id = $1)`,
        [id],
      );
      await manager.delete(RouteEntity, { workspaceId: id });
      await manager.delete(WorkspaceEntity, { id });
      return workspace;
    });
  }
}

export function slugTaken(slug: string): WorkspaceException {
  return new WorkspaceException(
    `A workspace with slug "${slug}" already exists`,
    WorkspaceExceptionCode.SLUG_TAKEN,
  );
}
