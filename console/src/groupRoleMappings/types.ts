import type { WorkspaceRole } from '../auth/access';

/** Members of an identity-provider group hold `role` in a workspace. */
export interface GroupRoleMapping {
  id: string;
  group: string;
  workspaceId: string;
  role: WorkspaceRole;
  updatedAt: string;
}
