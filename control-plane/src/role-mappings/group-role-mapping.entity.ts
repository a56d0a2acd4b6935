import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';

/**
 * Members of the identity-provider group `groupName` (a SCIM group's displayName, or a value
 * of the OIDC groups claim; compared case-insensitively) hold `role` in the workspace.
 */
@Entity({ name: 'group_role_mappings' })
export class GroupRoleMappingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'group_name', type: 'varchar', length: 256 })
  groupName!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: WorkspaceRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
