import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { recomputeScimMemberships } from '../role-mappings/memberships-from-groups';
import { UserEntity } from '../users/user.entity';
import { filterToSql, parseFilter, type FilterAttributes } from './scim-filter';
import { readBoolean, readOptionalString, readPatch, readString } from './scim-patch';
import { USER_SCHEMA } from './scim-schemas';
import { invalidValue, notFound, ScimError } from './scim.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What SCIM can change on a user. Parts of `name` compose displayName when none is sent. */
interface UserDraft {
  userName: string | null;
  displayName: string;
  externalId: string | null;
  active: boolean;
  name: { formatted?: string; givenName?: string; familyName?: string };
}

const USER_FILTERS: FilterAttributes = {
  id: { sql: 'u.id::text', type: 'string', caseExact: true },
  username: { sql: 'u.email', type: 'string' },
  externalid: { sql: 'u.external_id', type: 'string', caseExact: true },
  emails: { sql: 'u.email', type: 'string' },
  'emails.value': { sql: 'u.email', type: 'string' },
  'emails.type': { sql: `'work'::text`, type: 'string' },
  'emails.primary': { sql: 'true', type: 'boolean' },
  displayname: { sql: 'u.display_name', type: 'string' },
  'name.formatted': { sql: 'u.display_name', type: 'string' },
  active: { sql: 'u.active', type: 'boolean' },
  'meta.created': { sql: 'u.created_at', type: 'date' },
  'meta.lastmodified': { sql: 'u.updated_at', type: 'date' },
};

/** SCIM Users over the `users` table: userName is the email; DELETE deactivates. */
@Injectable()
export class ScimUsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: string | undefined, startIndex: number, count: number, base: string) {
    const params: unknown[] = [];
    const where = filter ? filterToSql(parseFilter(filter), USER_FILTERS, params) : 'true';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM users u WHERE ${where}`,
      params,
    )) as Array<{ total: number }>;
    const ids = (await this.dataSource.query(
      `SELECT u.id FROM users u WHERE ${where} ORDER BY u.created_at, u.id LIMIT ${count} OFFSET ${startIndex - 1}`,
      params,
    )) as Array<{ id: string }>;
    const manager = this.dataSource.manager;
    const found = await manager.find(UserEntity, { where: { id: In(ids.map((r) => r.id)) } });
    const byId = new Map(found.map((u) => [u.id, u]));
    const users = ids.map((r) => byId.get(r.id)).filter((u): u is UserEntity => u !== undefined);
    return { total, resources: await this.representAll(manager, users, base) };
  }

  async get(id: string, base: string, manager: EntityManager = this.dataSource.manager) {
    return this.represent(manager, await this.load(manager, id), base);
  }

  async create(body: unknown, base: string) {
    const draft = this.draftFrom(body, {
      userName: null,
      displayName: '',
      externalId: null,
      active: true,
      name: {},
    });
    return this.dataSource.transaction(async (manager) => {
      const user = manager.create(UserEntity, {
        id: randomUUID(),
        passwordHash: null,
        installationAdmin: false,
        oidcIssuer: null,
        oidcSubject: null,
        lastLoginAt: null,
      });
      return this.represent(manager, await this.save(manager, user, draft), base);
    });
  }

  /** PUT: the body replaces every attribute this server keeps (active stays as it was if absent). */
  async replace(id: string, body: unknown, base: string) {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      const draft = this.draftFrom(body, {
        userName: null,
        displayName: '',
        externalId: null,
        active: user.active,
        name: {},
      });
      return this.represent(manager, await this.save(manager, user, draft), base);
    });
  }

  async patch(id: string, body: unknown, base: string) {
    const operations = readPatch(body);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      const draft: UserDraft = {
        userName: user.email,
        displayName: user.displayName,
        externalId: user.externalId,
        active: user.active,
        name: {},
      };
      for (const operation of operations) {
        if (operation.path) {
          applyAttribute(draft, operation.path, operation.op === 'remove' ? null : operation.value);
        } else if (operation.op === 'remove') {
          throw new ScimError(400, 'remove needs a path', 'noTarget');
        } else {
          applyObject(draft, operation.value);
        }
      }
      return this.represent(manager, await this.save(manager, user, draft), base);
    });
  }

  /** Deactivates the user and takes them out of every SCIM group (so their provisioned roles go). */
  async deactivate(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, id);
      user.active = false;
      await manager.save(user);
      await manager.query(`DELETE FROM scim_group_members WHERE user_id = $1`, [id]);
      await recomputeScimMemberships(manager, [id]);
    });
  }

  private draftFrom(body: unknown, start: UserDraft): UserDraft {
    const draft = { ...start };
    applyObject(draft, body);
    return draft;
  }

  private async load(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = UUID.test(id) ? await manager.findOne(UserEntity, { where: { id } }) : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  private async save(manager: EntityManager, user: UserEntity, draft: UserDraft): Promise<UserEntity> {
    if (!draft.userName) throw invalidValue('userName is required');
    if (!EMAIL.test(draft.userName) || draft.userName.length > 320) {
      throw invalidValue("userName must be the user's email address");
    }
    const composed =
      draft.displayName ||
      draft.name.formatted ||
      [draft.name.givenName, draft.name.familyName].filter(Boolean).join(' ');
    if (composed.length > 200) throw invalidValue('displayName must be at most 200 characters');
    user.email = draft.userName;
    user.displayName = composed || user.displayName || '';
    user.externalId = draft.externalId;
    user.active = draft.active;
    try {
      return await manager.save(user);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'users_email_key') {
        throw new ScimError(409, `A user with userName ${draft.userName} already exists`, 'uniqueness');
      }
      if (constraint === 'users_external_id_key') {
        throw new ScimError(409, `A user with externalId ${draft.externalId} already exists`, 'uniqueness');
      }
      throw error;
    }
  }

  private async represent(manager: EntityManager, user: UserEntity, base: string) {
    return (await this.representAll(manager, [user], base))[0];
  }

  /** SCIM representations of users, their groups read in one query. */
  private async representAll(manager: EntityManager, users: UserEntity[], base: string) {
    const groups: Array<{ user_id: string; id: string; display_name: string }> = users.length
      ? await manager.query(
          `SELECT m.user_id, g.id, g.display_name FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id
           WHERE m.user_id = ANY($1::uuid[]) ORDER BY g.display_name`,
          [users.map((u) => u.id)],
        )
      : [];
    return users.map((user) => ({
      schemas: [USER_SCHEMA],
      id: user.id,
      ...(user.externalId ? { externalId: user.externalId } : {}),
      userName: user.email,
      name: { formatted: user.displayName },
      displayName: user.displayName,
      emails: [{ value: user.email, type: 'work', primary: true }],
      active: user.active,
      groups: groups
        .filter((g) => g.user_id === user.id)
        .map((g) => ({ value: g.id, display: g.display_name, $ref: `${base}/Groups/${g.id}` })),
      meta: {
        resourceType: 'User',
        created: user.createdAt.toISOString(),
        lastModified: user.updatedAt.toISOString(),
        location: `${base}/Users/${user.id}`,
      },
    }));
  }
}

/** Applies every attribute of a (partial) User object: a POST/PUT body or a PATCH value without path. */
function applyObject(draft: UserDraft, value: unknown): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidValue('Expected a User object');
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'schemas' || key === 'id' || key === 'meta' || key === 'groups') continue;
    applyAttribute(draft, key, v);
  }
}

/**
 * Sets one attribute (value null removes it). Attributes this server does not keep (phone
 * numbers, titles, the enterprise extension, other emails: userName is the email) are
 * accepted and ignored, so an identity provider's default mappings do not fail.
 */
function applyAttribute(draft: UserDraft, rawPath: string, value: unknown): void {
  const path = rawPath.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '').toLowerCase();
  switch (path) {
    case 'username':
      draft.userName = value === null ? null : readString(value, 'userName', 320);
      return;
    case 'displayname':
      draft.displayName = readOptionalString(value, 'displayName', 200) ?? '';
      return;
    case 'externalid':
      draft.externalId = readOptionalString(value, 'externalId', 200);
      return;
    case 'active':
      if (value === null) throw invalidValue('active cannot be removed');
      draft.active = readBoolean(value, 'active');
      return;
    case 'name':
      if (value === null) {
        draft.name = {};
        return;
      }
      if (typeof value !== 'object' || Array.isArray(value)) throw invalidValue('name must be an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        applyAttribute(draft, `name.${k}`, v);
      return;
    case 'name.formatted':
      draft.name = {
        ...draft.name,
        formatted: readOptionalString(value, 'name.formatted', 200) ?? undefined,
      };
      return;
    case 'name.givenname':
      draft.name = {
        ...draft.name,
        givenName: readOptionalString(value, 'name.givenName', 100) ?? undefined,
      };
      return;
    case 'name.familyname':
      draft.name = {
        ...draft.name,
        familyName: readOptionalString(value, 'name.familyName', 100) ?? undefined,
      };
      return;
    default:
      return;
  }
}
