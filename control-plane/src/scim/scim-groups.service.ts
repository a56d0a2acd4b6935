import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { recomputeScimMemberships } from '../role-mappings/memberships-from-groups';
import { ScimGroupEntity } from './scim-group.entity';
import { filterToSql, parseFilter, type FilterAttributes } from './scim-filter';
import { readOptionalString, readPatch, readString } from './scim-patch';
import { GROUP_SCHEMA } from './scim-schemas';
import { invalidValue, notFound, ScimError } from './scim.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEMBERS_SQL = `ARRAY(SELECT gm.user_id::text FROM scim_group_members gm WHERE gm.group_id = g.id)`;

const GROUP_FILTERS: FilterAttributes = {
  id: { sql: 'g.id::text', type: 'string', caseExact: true },
  displayname: { sql: 'g.display_name', type: 'string' },
  externalid: { sql: 'g.external_id', type: 'string', caseExact: true },
  members: { sql: MEMBERS_SQL, type: 'multi' },
  'members.value': { sql: MEMBERS_SQL, type: 'multi' },
  'meta.created': { sql: 'g.created_at', type: 'date' },
  'meta.lastmodified': { sql: 'g.updated_at', type: 'date' },
};

/** `members[value eq "<id>"]`, the path Okta and Entra use to remove one member. */
const MEMBER_PATH = /^members\s*\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

export interface GroupView {
  /** Leave members out (Entra asks with `excludedAttributes=members`). */
  withoutMembers?: boolean;
}

/** SCIM Groups; membership changes recompute the members' provisioned workspace roles. */
@Injectable()
export class ScimGroupsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: string | undefined, startIndex: number, count: number, base: string, view: GroupView) {
    const params: unknown[] = [];
    const where = filter ? filterToSql(parseFilter(filter), GROUP_FILTERS, params) : 'true';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM scim_groups g WHERE ${where}`,
      params,
    )) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `SELECT g.id FROM scim_groups g WHERE ${where} ORDER BY g.created_at, g.id LIMIT ${count} OFFSET ${startIndex - 1}`,
      params,
    )) as Array<{ id: string }>;
    const resources = [];
    for (const { id } of rows) resources.push(await this.get(id, base, view));
    return { total, resources };
  }

  async get(id: string, base: string, view: GroupView = {}) {
    const manager = this.dataSource.manager;
    return this.represent(manager, await this.load(manager, id), base, view);
  }

  async create(body: unknown, base: string) {
    const fields = readGroup(body);
    if (!fields.displayName) throw invalidValue('displayName is required');
    return this.dataSource.transaction(async (manager) => {
      const group = manager.create(ScimGroupEntity, { id: randomUUID() });
      await this.save(manager, group, fields.displayName!, fields.externalId ?? null);
      await this.setMembers(manager, group.id, fields.members ?? []);
      return this.represent(manager, group, base, {});
    });
  }

  async replace(id: string, body: unknown, base: string) {
    const fields = readGroup(body);
    if (!fields.displayName) throw invalidValue('displayName is required');
    return this.dataSource.transaction(async (manager) => {
      const group = await this.load(manager, id);
      await this.save(manager, group, fields.displayName!, fields.externalId ?? null);
      await this.setMembers(manager, id, fields.members ?? []);
      return this.represent(manager, group, base, {});
    });
  }

  async patch(id: string, body: unknown, base: string) {
    const operations = readPatch(body);
    return this.dataSource.transaction(async (manager) => {
      const group = await this.load(manager, id);
      const originalName = group.displayName;
      let displayName = group.displayName;
      let externalId = group.externalId;
      const members = new Set(await this.memberIds(manager, id));
      const before = new Set(members);
      for (const { op, path, value } of operations) {
        const lowerPath = path?.toLowerCase();
        const one = path ? MEMBER_PATH.exec(path) : null;
        if (!path) {
          if (op === 'remove') throw new ScimError(400, 'remove needs a path', 'noTarget');
          const fields = readGroup(value);
          if (fields.displayName) displayName = fields.displayName;
          if (fields.externalId !== undefined) externalId = fields.externalId;
          if (fields.members) {
            if (op === 'replace') members.clear();
            for (const m of fields.members) members.add(m);
          }
        } else if (lowerPath === 'displayname') {
          if (op === 'remove') throw invalidValue('displayName cannot be removed');
          displayName = readString(value, 'displayName', 256);
        } else if (lowerPath === 'externalid') {
          externalId = op === 'remove' ? null : readOptionalString(value, 'externalId', 200);
        } else if (lowerPath === 'members') {
          const listed = value === undefined ? null : readMembers(value);
          if (op === 'replace') members.clear();
          if (op === 'remove') {
            // Without a value, remove means "every member" (RFC 7644 §3.5.2.2); Entra lists the ones to go.
            if (listed === null) members.clear();
            else for (const m of listed) members.delete(m);
          } else {
            for (const m of listed ?? []) members.add(m);
          }
        } else if (one) {
          if (op !== 'remove') throw new ScimError(400, `Use add on "members" to add members`, 'invalidPath');
          members.delete(one[1]);
        } else {
          throw new ScimError(400, `Unsupported path "${path}"`, 'invalidPath');
        }
      }
      await this.save(manager, group, displayName, externalId);
      const added = [...members].filter((m) => !before.has(m));
      const removed = [...before].filter((m) => !members.has(m));
      await this.checkUsers(manager, added);
      for (const userId of removed) {
        await manager.query(`DELETE FROM scim_group_members WHERE group_id = $1 AND user_id = $2`, [
          id,
          userId,
        ]);
      }
      for (const userId of added) {
        await manager.query(
          `INSERT INTO scim_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [id, userId],
        );
      }
      // A rename moves every member between mappings; otherwise only the changed members move.
      const moved = originalName.toLowerCase() !== displayName.toLowerCase() ? [...members] : [];
      await recomputeScimMemberships(manager, [...added, ...removed, ...moved]);
      return this.represent(manager, group, base, {});
    });
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.load(manager, id);
      const members = await this.memberIds(manager, id);
      await manager.delete(ScimGroupEntity, { id });
      await recomputeScimMemberships(manager, members);
    });
  }

  private async load(manager: EntityManager, id: string): Promise<ScimGroupEntity> {
    const group = UUID.test(id) ? await manager.findOne(ScimGroupEntity, { where: { id } }) : null;
    if (!group) throw notFound('Group', id);
    return group;
  }

  private async memberIds(manager: EntityManager, groupId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await manager.query(
      `SELECT user_id FROM scim_group_members WHERE group_id = $1`,
      [groupId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Sets the group's members, recomputing the roles of everyone who joined or left (or stayed, after a rename). */
  private async setMembers(manager: EntityManager, groupId: string, userIds: string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    await this.checkUsers(manager, unique);
    const before = await this.memberIds(manager, groupId);
    await manager.query(`DELETE FROM scim_group_members WHERE group_id = $1`, [groupId]);
    for (const userId of unique) {
      await manager.query(`INSERT INTO scim_group_members (group_id, user_id) VALUES ($1, $2)`, [
        groupId,
        userId,
      ]);
    }
    await recomputeScimMemberships(manager, [...before, ...unique]);
  }

  private async checkUsers(manager: EntityManager, userIds: string[]): Promise<void> {
    const bad = userIds.filter((id) => !UUID.test(id));
    if (!bad.length && userIds.length) {
      const found: Array<{ id: string }> = await manager.query(
        `SELECT id FROM users WHERE id = ANY($1::uuid[])`,
        [userIds],
      );
      const known = new Set(found.map((r) => r.id));
      bad.push(...userIds.filter((id) => !known.has(id)));
    }
    if (bad.length) throw invalidValue(`members: no such users: ${bad.join(', ')}`);
  }

  private async save(
    manager: EntityManager,
    group: ScimGroupEntity,
    displayName: string,
    externalId: string | null,
  ): Promise<void> {
    group.displayName = displayName;
    group.externalId = externalId;
    try {
      await manager.save(group);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'scim_groups_display_name_key') {
        throw new ScimError(409, `A group named ${displayName} already exists`, 'uniqueness');
      }
      if (constraint === 'scim_groups_external_id_key') {
        throw new ScimError(409, `A group with externalId ${externalId} already exists`, 'uniqueness');
      }
      throw error;
    }
  }

  private async represent(manager: EntityManager, group: ScimGroupEntity, base: string, view: GroupView) {
    const members: Array<{ id: string; email: string }> = view.withoutMembers
      ? []
      : await manager.query(
          `SELECT u.id, u.email FROM scim_group_members m JOIN users u ON u.id = m.user_id
           WHERE m.group_id = $1 ORDER BY u.email`,
          [group.id],
        );
    return {
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName: group.displayName,
      ...(group.externalId ? { externalId: group.externalId } : {}),
      ...(view.withoutMembers
        ? {}
        : {
            members: members.map((m) => ({
              value: m.id,
              display: m.email,
              type: 'User',
              $ref: `${base}/Users/${m.id}`,
            })),
          }),
      meta: {
        resourceType: 'Group',
        created: group.createdAt.toISOString(),
        lastModified: group.updatedAt.toISOString(),
        location: `${base}/Groups/${group.id}`,
      },
    };
  }
}

function readMembers(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m, i) => {
    const id = (m as { value?: unknown } | null)?.value;
    if (typeof id !== 'string' || !id) throw invalidValue(`members[${i}].value must be a user id`);
    return id;
  });
}

function readGroup(value: unknown): { displayName?: string; externalId?: string | null; members?: string[] } {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidValue('Expected a Group object');
  const body = value as Record<string, unknown>;
  return {
    displayName:
      body.displayName === undefined ? undefined : readString(body.displayName, 'displayName', 256),
    externalId:
      body.externalId === undefined ? undefined : readOptionalString(body.externalId, 'externalId', 200),
    members: body.members === undefined || body.members === null ? undefined : readMembers(body.members),
  };
}
