import type { EntityManager } from 'typeorm';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../auth/principal';
import type { MembershipSource } from '../users/membership.entity';

/** workspace id → role. */
export type WorkspaceRoles = Map<string, WorkspaceRole>;

/** The higher of two workspace roles. */
export function higherRole(a: WorkspaceRole, b: WorkspaceRole): WorkspaceRole {
  return WORKSPACE_ROLES.indexOf(a) >= WORKSPACE_ROLES.indexOf(b) ? a : b;
}

/** For each workspace, the highest role that a mapping gives any of `groupNames` (case-insensitive). */
export async function rolesForGroups(
  manager: EntityManager,
  groupNames: readonly string[],
): Promise<WorkspaceRoles> {
  const roles: WorkspaceRoles = new Map();
  if (!groupNames.length) return roles;
  const rows: Array<{ workspace_id: string; role: WorkspaceRole }> = await manager.query(
    `SELECT workspace_id, role FROM group_role_mappings WHERE lower(group_name) = ANY($1::text[])`,
    [groupNames.map((g) => g.toLowerCase())],
  );
  for (const row of rows) {
    const held = roles.get(row.workspace_id);
    roles.set(row.workspace_id, held ? higherRole(held, row.role) : row.role);
  }
  return roles;
}

/**
 * Makes the user's memberships of `source` match `desired`: adds and updates them, and
 * removes the ones of that source no longer desired. Memberships set by hand are never
 * touched; a SCIM-provisioned role takes over one granted at OIDC sign-in (the directory is
 * the more deliberate source), never the other way round.
 */
export async function reconcileMemberships(
  manager: EntityManager,
  userId: string,
  source: Exclude<MembershipSource, 'manual'>,
  desired: WorkspaceRoles,
): Promise<void> {
  const existing: Array<{ workspace_id: string; role: WorkspaceRole; source: MembershipSource }> =
    await manager.query(`SELECT workspace_id, role, source FROM memberships WHERE user_id = $1`, [userId]);
  const takesOver = (held: MembershipSource) => held === source || (source === 'scim' && held === 'oidc');
  for (const row of existing) {
    if (row.source === source && !desired.has(row.workspace_id)) {
      await manager.query(`DELETE FROM memberships WHERE user_id = $1 AND workspace_id = $2`, [
        userId,
        row.workspace_id,
      ]);
    }
  }
  for (const [workspaceId, role] of desired) {
    const held = existing.find((row) => row.workspace_id === workspaceId);
    if (!held) {
      await manager.query(
        `INSERT INTO memberships (workspace_id, user_id, role, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, user_id) DO NOTHING`,
        [workspaceId, userId, role, source],
      );
    } else if (takesOver(held.source) && (held.role !== role || held.source !== source)) {
      await manager.query(
        `UPDATE memberships SET role = $3, source = $4, updated_at = now() WHERE workspace_id = $1 AND user_id = $2`,
        [workspaceId, userId, role, source],
      );
    }
  }
}

/**
 * Serialises membership recomputation per user until the transaction ends, so that two
 * concurrent group changes cannot each compute from a view missing the other's write.
 */
export async function lockUserMemberships(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('memberships:' || $1, 0))`, [userId]);
}

/** Recomputes the SCIM-provisioned memberships of each user from the SCIM groups they are in. */
export async function recomputeScimMemberships(
  manager: EntityManager,
  userIds: Iterable<string>,
): Promise<void> {
  // Sorted, so transactions locking several users take the locks in one order (no deadlock).
  for (const userId of [...new Set(userIds)].sort()) {
    await lockUserMemberships(manager, userId);
    const groups: Array<{ display_name: string }> = await manager.query(
      `SELECT g.display_name FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id WHERE m.user_id = $1`,
      [userId],
    );
    const desired = await rolesForGroups(
      manager,
      groups.map((g) => g.display_name),
    );
    await reconcileMemberships(manager, userId, 'scim', desired);
  }
}

/** Users in SCIM groups named `groupName` (case-insensitive): whose roles a mapping change moves. */
export async function scimMembersOfGroupNamed(manager: EntityManager, groupName: string): Promise<string[]> {
  const rows: Array<{ user_id: string }> = await manager.query(
    `SELECT DISTINCT m.user_id FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id
     WHERE lower(g.display_name) = lower($1)`,
    [groupName],
  );
  return rows.map((r) => r.user_id);
}
