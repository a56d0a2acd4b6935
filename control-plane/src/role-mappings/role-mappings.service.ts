import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, Raw, type EntityManager } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { GroupRoleMappingEntity } from './group-role-mapping.entity';
import { recomputeScimMemberships, scimMembersOfGroupNamed } from './memberships-from-groups';
import { RoleMappingException, RoleMappingExceptionCode } from './role-mapping.exception';

/** Group → (workspace, role) mappings; a change recomputes the SCIM-provisioned roles it moves. */
@Injectable()
export class RoleMappingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
  ) {}

  list(): Promise<GroupRoleMappingEntity[]> {
    return this.dataSource.manager.find(GroupRoleMappingEntity, {
      order: { groupName: 'ASC', workspaceId: 'ASC' },
    });
  }

  /** Creates or changes the role the group gives in the workspace. */
  async set(group: string, workspaceId: string, role: WorkspaceRole): Promise<GroupRoleMappingEntity> {
    return this.dataSource.transaction(async (manager) => {
      await this.workspaces.get(workspaceId, manager);
      const mapping =
        (await this.find(manager, group, workspaceId)) ??
        manager.create(GroupRoleMappingEntity, { id: randomUUID(), groupName: group, workspaceId });
      mapping.groupName = group;
      mapping.role = role;
      const saved = await manager.save(mapping);
      await recomputeScimMemberships(manager, await scimMembersOfGroupNamed(manager, group));
      return saved;
    });
  }

  async delete(group: string, workspaceId: string): Promise<GroupRoleMappingEntity> {
    return this.dataSource.transaction(async (manager) => {
      const mapping = await this.find(manager, group, workspaceId);
      if (!mapping) {
        throw new RoleMappingException(
          `No mapping of group "${group}" in workspace ${workspaceId}`,
          RoleMappingExceptionCode.NOT_FOUND,
        );
      }
      await manager.delete(GroupRoleMappingEntity, { id: mapping.id });
      await recomputeScimMemberships(manager, await scimMembersOfGroupNamed(manager, group));
      return mapping;
    });
  }

  private find(manager: EntityManager, group: string, workspaceId: string) {
    return manager.findOne(GroupRoleMappingEntity, {
      where: { workspaceId, groupName: Raw((column) => `lower(${column}) = lower(:group)`, { group }) },
    });
  }
}
