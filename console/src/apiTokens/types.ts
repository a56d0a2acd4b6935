import type { WorkspaceRole } from '../auth/access';

export interface ApiToken {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  role: WorkspaceRole;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}
