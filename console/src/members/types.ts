import type { WorkspaceRole } from '../auth/access';
import type { User } from '../users/types';

/** A user's role in the selected workspace; `id` is the user's id. */
export interface WorkspaceMember {
  id: string;
  workspaceId: string;
  role: WorkspaceRole;
  source: string;
  user: User;
}
