import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Role, roleAtLeast, roleIn, type Principal, type WorkspaceRole } from '../auth/principal';
import { uniqueViolation } from '../database/postgres-errors';
import { MembershipEntity } from '../users/membership.entity';
import { UserEntity } from '../users/user.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  AddWorkspaceMemberInput,
  CreateUserInput,
  RemoveWorkspaceMemberInput,
  SetWorkspaceMemberRoleInput,
} from './dtos/user.inputs';
import { IdentityException, IdentityExceptionCode } from './identity.exception';
import { checkPasswordPolicy, hashPassword } from './passwords';
import { SessionsService } from './sessions.service';

/** A membership with its user, for listings. */
export interface MemberRow {
  membership: MembershipEntity;
  user: UserEntity;
}

/** Users (installation admins manage them) and workspace memberships (owners and admins manage them). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly workspaces: WorkspacesService,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.dataSource.manager.find(UserEntity, { order: { email: 'ASC', id: 'ASC' } });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, { where: { id } });
    if (!user) throw userNotFound(id);
    return user;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(UserEntity, 'u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  async create(input: CreateUserInput): Promise<UserEntity> {
    const email = input.email.trim();
    if (input.password !== undefined) checkPasswordPolicy(input.password, email);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    try {
      return await this.dataSource.manager.save(
        this.dataSource.manager.create(UserEntity, {
          id: randomUUID(),
          email,
          displayName: input.displayName ?? '',
          passwordHash,
          installationAdmin: input.installationAdmin ?? false,
          active: true,
        }),
      );
    } catch (error) {
      if (uniqueViolation(error) === 'users_email_key') {
        throw new IdentityException(
          `A user with email ${email} already exists`,
          IdentityExceptionCode.EMAIL_TAKEN,
        );
      }
      throw error;
    }
  }

  /** Deactivating ends the user's sessions at once; their API tokens stop working too (see ApiTokensService). */
  async setActive(userId: string, active: boolean): Promise<UserEntity> {
    const user = await this.get(userId);
    await this.dataSource.manager.update(UserEntity, { id: userId }, { active });
    if (!active) await this.sessions.revokeAllForUser(userId);
    return { ...user, active };
  }

  async setInstallationAdmin(userId: string, installationAdmin: boolean): Promise<UserEntity> {
    const user = await this.get(userId);
    await this.dataSource.manager.update(UserEntity, { id: userId }, { installationAdmin });
    return { ...user, installationAdmin };
  }

  /** Sets a password (policy checked) and ends every session of the user except `keepSession`. */
  async setPassword(userId: string, password: string, keepSession?: string): Promise<UserEntity> {
    const user = await this.get(userId);
    checkPasswordPolicy(password, user.email);
    const passwordHash = await hashPassword(password);
    await this.dataSource.manager.update(UserEntity, { id: userId }, { passwordHash });
    await this.sessions.revokeAllForUser(userId, keepSession);
    return { ...user, passwordHash };
  }

  async members(workspaceId: string): Promise<MemberRow[]> {
    await this.workspaces.get(workspaceId);
    const memberships = await this.dataSource.manager.find(MembershipEntity, { where: { workspaceId } });
    const users = new Map(
      (
        await this.dataSource.manager.find(UserEntity, {
          where: { id: In(memberships.map((m) => m.userId)) },
        })
      ).map((u) => [u.id, u]),
    );
    return memberships
      .map((membership) => ({ membership, user: users.get(membership.userId)! }))
      .sort((a, b) => a.user.email.localeCompare(b.user.email));
  }

  /** The caller's memberships with workspace names (for `me`). */
  async membershipsOf(
    workspaceRoles: ReadonlyMap<string, WorkspaceRole>,
  ): Promise<Array<{ workspace: WorkspaceEntity; role: WorkspaceRole }>> {
    if (workspaceRoles.size === 0) return [];
    const workspaces = await this.dataSource.manager.find(WorkspaceEntity, {
      where: { id: In([...workspaceRoles.keys()]) },
    });
    return workspaces
      .map((workspace) => ({ workspace, role: workspaceRoles.get(workspace.id)! }))
      .sort((a, b) => a.workspace.slug.localeCompare(b.workspace.slug));
  }

  async addMember(actor: Principal, input: AddWorkspaceMemberInput): Promise<MemberRow> {
    return this.inWorkspace(input.workspaceId, async (manager) => {
      mayGrant(actor, input.workspaceId, input.role);
      const user = await manager
        .createQueryBuilder(UserEntity, 'u')
        .where('lower(u.email) = lower(:email)', { email: input.email.trim() })
        .getOne();
      if (!user) {
        throw new IdentityException(
          `No user with email ${input.email}: an installation admin creates users first`,
          IdentityExceptionCode.USER_NOT_FOUND,
        );
      }
      if (
        await manager.findOne(MembershipEntity, {
          where: { workspaceId: input.workspaceId, userId: user.id },
        })
      ) {
        throw new IdentityException(
          `${user.email} is already a member of this workspace; change their role instead`,
          IdentityExceptionCode.ALREADY_MEMBER,
        );
      }
      const membership = await manager.save(
        manager.create(MembershipEntity, {
          workspaceId: input.workspaceId,
          userId: user.id,
          role: input.role,
          source: 'manual',
        }),
      );
      return { membership, user };
    });
  }

  async setMemberRole(actor: Principal, input: SetWorkspaceMemberRoleInput): Promise<MemberRow> {
    return this.inWorkspace(input.workspaceId, async (manager) => {
      const membership = await this.membership(manager, input.workspaceId, input.userId);
      mayGrant(actor, input.workspaceId, membership.role);
      mayGrant(actor, input.workspaceId, input.role);
      if (membership.role === Role.Owner && input.role !== Role.Owner) {
        await this.keepAnOwner(manager, input.workspaceId);
      }
      membership.role = input.role;
      // Set by hand from now on, so a later SCIM or SSO sync knows a person decided it.
      membership.source = 'manual';
      await manager.save(membership);
      return { membership, user: await this.get(input.userId, manager) };
    });
  }

  async removeMember(actor: Principal, input: RemoveWorkspaceMemberInput): Promise<MemberRow> {
    return this.inWorkspace(input.workspaceId, async (manager) => {
      const membership = await this.membership(manager, input.workspaceId, input.userId);
      mayGrant(actor, input.workspaceId, membership.role);
      if (membership.role === Role.Owner) await this.keepAnOwner(manager, input.workspaceId);
      await manager.delete(MembershipEntity, { workspaceId: input.workspaceId, userId: input.userId });
      return { membership, user: await this.get(input.userId, manager) };
    });
  }

  /** Runs `work` in a transaction holding the workspace row, so concurrent owner changes see each other. */
  private inWorkspace<T>(workspaceId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = await manager.query(`SELECT id FROM workspaces WHERE id = $1 FOR UPDATE`, [
        workspaceId,
      ]);
      if (locked.length === 0) await this.workspaces.get(workspaceId, manager); // throws NOT_FOUND
      return work(manager);
    });
  }

  private async membership(
    manager: EntityManager,
    workspaceId: string,
    userId: string,
  ): Promise<MembershipEntity> {
    const membership = await manager.findOne(MembershipEntity, { where: { workspaceId, userId } });
    if (!membership) {
      throw new IdentityException(
        `User ${userId} is not a member of this workspace`,
        IdentityExceptionCode.MEMBER_NOT_FOUND,
      );
    }
    return membership;
  }

  /** Called before an owner stops being one: refuses if they are the last. */
  private async keepAnOwner(manager: EntityManager, workspaceId: string): Promise<void> {
    const owners = await manager.count(MembershipEntity, { where: { workspaceId, role: Role.Owner } });
    if (owners <= 1) {
      throw new IdentityException(
        'A workspace keeps at least one owner: make someone else owner first',
        IdentityExceptionCode.LAST_OWNER,
      );
    }
  }
}

/** Only owners (and installation admins) grant, take away or touch the owner role. */
function mayGrant(actor: Principal, workspaceId: string, role: WorkspaceRole): void {
  const held = roleIn(actor, workspaceId);
  if (held === null || !roleAtLeast(held, role)) {
    throw new IdentityException(
      `Your role in this workspace (${held ?? 'none'}) cannot grant or change the ${role} role`,
      IdentityExceptionCode.ROLE_NOT_ALLOWED,
    );
  }
}

export function userNotFound(id: string): IdentityException {
  return new IdentityException(`User ${id} not found`, IdentityExceptionCode.USER_NOT_FOUND);
}
