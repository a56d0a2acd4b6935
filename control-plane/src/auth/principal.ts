/**
 * Roles. Workspace roles are ordered: owner > admin > member > viewer; a resolver names
 * the least role it needs (`@Roles(Role.Viewer)` for reads, `@Roles(Role.Admin)` for config
 * writes). The installation admin holds every role in every workspace.
 */
export enum Role {
  InstallationAdmin = 'installation-admin',
  Owner = 'owner',
  Admin = 'admin',
  Member = 'member',
  Viewer = 'viewer',
}

/** Workspace roles from least to most powerful. */
export const WORKSPACE_ROLES = [Role.Viewer, Role.Member, Role.Admin, Role.Owner] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** What kind of credential the caller presented. */
export type PrincipalKind = 'admin-token' | 'user' | 'api-token';

/**
 * Who is calling. Invariants: an installation admin's `workspaceRoles` is empty (it holds
 * every role everywhere); an API token's map has exactly its one workspace.
 */
export interface Principal {
  kind: PrincipalKind;
  /** Stable identifier for logs and audit (`bootstrap-admin`, a user id, an API token id); never a secret. */
  id: string;
  installationAdmin: boolean;
  /** The role held in each workspace the principal belongs to. */
  workspaceRoles: ReadonlyMap<string, WorkspaceRole>;
  /** The user acting: the signed-in user, or the creator of an API token; null for the bootstrap token. */
  userId: string | null;
  /** For display: the user's email, the token's name, or `bootstrap-admin`. */
  label: string;
  /** The session behind a user principal (for logout and password change). */
  sessionId: string | null;
}

/** Whether `held` is at least `required` (the installation admin is at least everything). */
export function roleAtLeast(held: Role, required: Role): boolean {
  if (held === Role.InstallationAdmin) return true;
  if (required === Role.InstallationAdmin) return false;
  return WORKSPACE_ROLES.indexOf(held as WorkspaceRole) >= WORKSPACE_ROLES.indexOf(required as WorkspaceRole);
}

/** The role a principal holds in a workspace, or null when it has none there. */
export function roleIn(principal: Principal, workspaceId: string): Role | null {
  if (principal.installationAdmin) return Role.InstallationAdmin;
  return principal.workspaceRoles.get(workspaceId) ?? null;
}

/** Whether the principal holds at least `required` in the workspace. */
export function hasRoleIn(principal: Principal, workspaceId: string, required: Role): boolean {
  const held = roleIn(principal, workspaceId);
  return held !== null && roleAtLeast(held, required);
}

/** The workspaces whose records the principal may see at all; 'all' for installation admins. */
export function visibleWorkspaceIds(principal: Principal): 'all' | string[] {
  return principal.installationAdmin ? 'all' : [...principal.workspaceRoles.keys()];
}

/** Whether the principal may see the workspace at all (holds any role there, or is an installation admin). */
export function canAccessWorkspace(principal: Principal, workspaceId: string): boolean {
  return roleIn(principal, workspaceId) !== null;
}
