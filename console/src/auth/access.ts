/**
 * What the console offers the signed-in caller, from the `me` query: buttons and pages for actions
 * their role does not allow are not shown. The API enforces the same rules (the role matrix in the
 * README); this only keeps the console from offering what would be refused.
 */

/** The roles a workspace member can hold, lowest first: each may do everything the ones before it may. */
export const WORKSPACE_ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export interface Caller {
  kind: string;
  installationAdmin: boolean;
  memberships: { workspaceId: string; role: WorkspaceRole }[];
}

const rank = (role: WorkspaceRole) => WORKSPACE_ROLES.indexOf(role);
const INSTALLATION = 'installation-admin';
const NOBODY = 'nobody';
type Least = WorkspaceRole | typeof INSTALLATION | typeof NOBODY;

/** Every action, for installation-wide settings: nobody else may even read them. */
const INSTALLATION_ONLY: Partial<Record<string, Least>> = {
  list: INSTALLATION,
  show: INSTALLATION,
  export: INSTALLATION,
  create: INSTALLATION,
  edit: INSTALLATION,
  delete: INSTALLATION,
};

/** Least role per resource and action; a resource not listed: reads for viewers, writes for admins. */
const RULES: Record<string, Partial<Record<string, Least>>> = {
  keys: { create: 'MEMBER' },
  guardrails: { try: 'MEMBER' },
  workspaces: { create: INSTALLATION, delete: 'OWNER' },
  users: { list: INSTALLATION, show: INSTALLATION, create: INSTALLATION, edit: INSTALLATION },
  'api-tokens': { list: 'ADMIN', show: 'ADMIN' },
  audit: { list: 'ADMIN', show: 'ADMIN' },
  usage: { create: NOBODY, edit: NOBODY, delete: NOBODY },
  models: { create: NOBODY, edit: NOBODY, delete: NOBODY },
  nodes: { list: INSTALLATION, show: INSTALLATION, create: NOBODY, edit: NOBODY, delete: NOBODY },
  'oidc-settings': { ...INSTALLATION_ONLY, create: NOBODY },
  'scim-tokens': { ...INSTALLATION_ONLY, edit: NOBODY },
  'group-role-mappings': INSTALLATION_ONLY,
  // The dashboard's "all workspaces" view (installationUsageTimeseries).
  'installation-usage': { list: INSTALLATION },
};
const READS = new Set(['list', 'show', 'export']);

/**
 * Whether `caller` may do `action` on `resource` in `workspaceId` (for the workspaces resource,
 * the workspace acted on). Installation admins may do everything anyone may.
 */
export function mayAccess(
  caller: Caller,
  workspaceId: string | null,
  resource: string,
  action: string,
): boolean {
  const least: Least = RULES[resource]?.[action] ?? (READS.has(action) ? 'VIEWER' : 'ADMIN');
  if (least === NOBODY) return false;
  if (caller.installationAdmin) return true;
  if (least === INSTALLATION) return false;
  const role = caller.memberships.find((m) => m.workspaceId === workspaceId)?.role;
  return role !== undefined && rank(role) >= rank(least);
}
