/** Members of an identity-provider group hold `role` in a workspace. */
export interface GroupRoleMapping {
  id: string;
  group: string;
  workspaceId: string;
  role: 'VIEWER' | 'MEMBER' | 'ADMIN' | 'OWNER';
  updatedAt: string;
}
