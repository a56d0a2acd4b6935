import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';

/** Where a membership came from: set by hand, provisioned by SCIM (group mapping), or granted at SSO sign-in. */
export type MembershipSource = 'manual' | 'scim' | 'oidc';

/** A user's role in one workspace. */
@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: WorkspaceRole;

  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source!: MembershipSource;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
