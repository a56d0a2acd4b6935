import type { User } from '../users/types';

export const WORKSPACE_ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** A user's role in the selected workspace; `id` is the user's id. */
export interface WorkspaceMember {
  id: string;
  workspaceId: string;
  role: WorkspaceRole;
  source: string;
  user: User;
}
