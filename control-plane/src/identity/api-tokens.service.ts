import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WORKSPACE_ROLES, roleAtLeast, roleIn, type Principal, type WorkspaceRole } from '../auth/principal';
import { uniqueViolation } from '../database/postgres-errors';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ApiTokenEntity } from './api-token.entity';
import { apiTokenPrefix, generateApiTokenSecret, hashApiTokenSecret } from './api-token-secret';
import type { CreateApiTokenInput, RevokeApiTokenInput } from './dtos/api-token.inputs';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

/** A live token and the role it acts with now. */
export interface ResolvedApiToken {
  token: ApiTokenEntity;
  role: WorkspaceRole;
}

/**
 * Admin API tokens. A token acts in its workspace with its role, capped at what its creator
 * holds there NOW: it stops working when the creator is deactivated or leaves the workspace,
 * and acts as viewer if the creator is demoted to viewer. Tokens the bootstrap admin token
 * created have no creator and keep their role.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
  ) {}

  async resolve(secret: string): Promise<ResolvedApiToken | null> {
    const token = await this.dataSource.manager
      .createQueryBuilder(ApiTokenEntity, 't')
      .where('t.token_hash = :hash', { hash: hashApiTokenSecret(secret) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
    if (!token) return null;
    let role: WorkspaceRole = token.role;
    if (token.createdByUserId) {
      const rows: Array<{ installation_admin: boolean; role: WorkspaceRole | null }> =
        await this.dataSource.query(
          `SELECT u.installation_admin, m.role
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $2
         WHERE u.id = $1 AND u.active`,
          [token.createdByUserId, token.workspaceId],
        );
      if (rows.length === 0) return null;
      if (!rows[0].installation_admin) {
        if (rows[0].role === null) return null;
        role = lesserRole(role, rows[0].role);
      }
    }
    await this.dataSource.query(
      `UPDATE api_tokens SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [token.id],
    );
    return { token, role };
  }

  async list(workspaceId: string): Promise<ApiTokenEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(ApiTokenEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Creates a token no stronger than the creator; returns the secret, which is never stored. */
  async create(
    creator: Principal,
    input: CreateApiTokenInput,
  ): Promise<{ token: ApiTokenEntity; secret: string }> {
    await this.workspaces.get(input.workspaceId);
    const held = roleIn(creator, input.workspaceId);
    if (held === null || !roleAtLeast(held, input.role)) {
      throw new IdentityException(
        `A token cannot hold more than its creator: you are ${held ?? 'not a member'} here, the token asks for ${input.role}`,
        IdentityExceptionCode.ROLE_NOT_ALLOWED,
      );
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new IdentityException('expiresAt must be in the future', IdentityExceptionCode.INVALID_EXPIRY);
    }
    const secret = generateApiTokenSecret();
    try {
      const token = await this.dataSource.manager.save(
        this.dataSource.manager.create(ApiTokenEntity, {
          id: randomUUID(),
          workspaceId: input.workspaceId,
          name: input.name,
          role: input.role,
          tokenHash: hashApiTokenSecret(secret),
          prefix: apiTokenPrefix(secret),
          createdByUserId: creator.userId,
          createdBy: creator.label,
          expiresAt: input.expiresAt ?? null,
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      return { token, secret };
    } catch (error) {
      if (uniqueViolation(error) === 'api_tokens_name_key') {
        throw new IdentityException(
          `An API token named "${input.name}" already exists in this workspace`,
          IdentityExceptionCode.API_TOKEN_NAME_TAKEN,
        );
      }
      throw error;
    }
  }

  /** Idempotent: revoking a revoked token returns it unchanged. */
  async revoke(input: RevokeApiTokenInput): Promise<ApiTokenEntity> {
    const token = await this.dataSource.manager.findOne(ApiTokenEntity, {
      where: { id: input.id, workspaceId: input.workspaceId },
    });
    if (!token) {
      throw new IdentityException(
        `API token ${input.id} not found`,
        IdentityExceptionCode.API_TOKEN_NOT_FOUND,
      );
    }
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await this.dataSource.manager.update(ApiTokenEntity, { id: token.id }, { revokedAt: token.revokedAt });
    }
    return token;
  }
}

function lesserRole(a: WorkspaceRole, b: WorkspaceRole): WorkspaceRole {
  return WORKSPACE_ROLES.indexOf(a) <= WORKSPACE_ROLES.indexOf(b) ? a : b;
}
