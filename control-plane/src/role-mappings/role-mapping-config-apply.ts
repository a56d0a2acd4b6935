import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { GroupRoleConfigInput } from './dtos/group-role-config.input';
import { GroupRoleMappingEntity } from './group-role-mapping.entity';
import { recomputeScimMemberships, scimMembersOfGroupNamed } from './memberships-from-groups';
import type { ApplyNote as Note } from '../config-apply/apply-note';

/**
 * Upserts a workspace's declared group → role mappings (matched by group name,
 * case-insensitively) and recomputes the SCIM-provisioned roles they move. Mappings the
 * config does not name are left alone.
 */
export async function applyGroupRoles(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: GroupRoleConfigInput[],
  note: Note,
): Promise<void> {
  for (const spec of specs) {
    const existing = await manager
      .createQueryBuilder(GroupRoleMappingEntity, 'm')
      .where('m.workspace_id = :ws AND lower(m.group_name) = lower(:group)', { ws: ws.id, group: spec.group })
      .getOne();
    if (existing && existing.role === spec.role) {
      note('groupRole', ws.slug, spec.group, 'unchanged');
      continue;
    }
    await manager.save(
      existing
        ? Object.assign(existing, { role: spec.role })
        : manager.create(GroupRoleMappingEntity, {
            id: randomUUID(),
            groupName: spec.group,
            workspaceId: ws.id,
            role: spec.role,
          }),
    );
    note('groupRole', ws.slug, spec.group, existing ? 'updated' : 'created');
    await recomputeScimMemberships(manager, await scimMembersOfGroupNamed(manager, spec.group));
  }
}
