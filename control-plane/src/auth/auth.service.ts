import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { API_TOKEN_PREFIX } from '../identity/api-token-secret';
import { ApiTokensService } from '../identity/api-tokens.service';
import { SessionsService } from '../identity/sessions.service';
import type { UserEntity } from '../users/user.entity';
import { AuthException, AuthExceptionCode } from './auth.exception';
import type { Principal, WorkspaceRole } from './principal';
import { bearerToken, secretsEqual } from './timing-safe';

/**
 * Turns request credentials into a `Principal`: the bootstrap admin token
 * (SWITCHYARD_ADMIN_TOKEN, installation admin), an admin API token (`sya_…`), or a session
 * token (a JWT from `login` or SSO sign-in).
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async resolvePrincipal(authorization: string | string[] | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) {
      throw new AuthException(
        'Missing credentials: send "Authorization: Bearer <token>" (a session token from login, an API token, or the admin token)',
        AuthExceptionCode.UNAUTHENTICATED,
      );
    }
    if (secretsEqual(token, this.config.adminToken)) {
      return {
        kind: 'admin-token',
        id: 'bootstrap-admin',
        installationAdmin: true,
        workspaceRoles: new Map(),
        userId: null,
        label: 'bootstrap-admin',
        sessionId: null,
      };
    }
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const resolved = await this.apiTokens.resolve(token);
      if (!resolved) throw invalidToken();
      return {
        kind: 'api-token',
        id: resolved.token.id,
        installationAdmin: false,
        workspaceRoles: new Map([[resolved.token.workspaceId, resolved.role]]),
        userId: resolved.token.createdByUserId,
        label: resolved.token.name,
        sessionId: null,
      };
    }
    const live = await this.sessions.verify(token);
    if (!live) throw invalidToken();
    return this.userPrincipal(live.user, live.session.id);
  }

  private async userPrincipal(user: UserEntity, sessionId: string): Promise<Principal> {
    const rows: Array<{ workspace_id: string; role: WorkspaceRole }> = await this.dataSource.query(
      `SELECT workspace_id, role FROM memberships WHERE user_id = $1`,
      [user.id],
    );
    return {
      kind: 'user',
      id: user.id,
      installationAdmin: user.installationAdmin,
      workspaceRoles: new Map(rows.map((r) => [r.workspace_id, r.role])),
      userId: user.id,
      label: user.email,
      sessionId,
    };
  }
}

function invalidToken(): AuthException {
  return new AuthException(
    'Invalid token (unknown, expired or revoked): sign in again or use a valid API token',
    AuthExceptionCode.UNAUTHENTICATED,
  );
}
