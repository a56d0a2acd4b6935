/**
 * Roles, from most to least powerful. Only `InstallationAdmin` is granted today (the
 * bootstrap admin token); workspace roles are here so resolvers can already say what they need.
 */
export enum Role {
  InstallationAdmin = 'installation-admin',
  WorkspaceAdmin = 'workspace-admin',
  WorkspaceViewer = 'workspace-viewer',
}

/** Who is calling. Invariant: `workspaceIds` is 'all' only for installation admins. */
export interface Principal {
  kind: 'admin-token';
  /** Stable identifier for logs and audit; never the token itself. */
  id: string;
  role: Role;
  workspaceIds: 'all' | readonly string[];
}

/** Whether `principal` holds one of `required` (an installation admin holds every role). */
export function hasRole(principal: Principal, required: readonly Role[]): boolean {
  return principal.role === Role.InstallationAdmin || required.includes(principal.role);
}

export function canAccessWorkspace(principal: Principal, workspaceId: string): boolean {
  return principal.workspaceIds === 'all' || principal.workspaceIds.includes(workspaceId);
}
