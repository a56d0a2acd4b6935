import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SignJWT, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { UserEntity } from '../users/user.entity';
import { SessionKeyService } from './session-key.service';
import { SessionEntity, type SessionMethod } from './session.entity';

const ISSUER = 'switchyard';
const AUDIENCE = 'switchyard-admin-api';

/** A session token as handed to the user, and when it stops working. */
export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

/** A verified, unrevoked session and its (active) user. */
export interface LiveSession {
  session: SessionEntity;
  user: UserEntity;
}

/**
 * Session tokens: HS256 JWTs (jose) whose `jti` is a row in `sessions`. A token is valid
 * while its signature and expiry check out AND its row is neither expired nor revoked AND
 * its user is active, so logout, password change and deactivation take effect at once.
 * Used by password login and by SSO (OIDC) sign-in alike.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: SessionKeyService,
  ) {}

  /** Starts a session for an active user (the caller has authenticated them) and records the sign-in. */
  async issue(user: UserEntity, method: SessionMethod): Promise<IssuedSession> {
    if (!user.active) throw new Error(`refusing to issue a session for deactivated user ${user.id}`);
    const id = randomUUID();
    const now = new Date();
    // Whole seconds: the JWT `exp` has no fractions, and the row must not outlive the token.
    const expiresAt = new Date((Math.floor(now.getTime() / 1000) + this.config.sessionTtlSeconds) * 1000);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(SessionEntity, { id, userId: user.id, method, expiresAt, revokedAt: null });
      await manager.update(UserEntity, { id: user.id }, { lastLoginAt: now });
    });
    const token = await new SignJWT({ amr: [method] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(user.id)
      .setJti(id)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.keys.get());
    return { token, expiresAt };
  }

  /** The live session a token names, or null when the token is not one of ours or no longer valid. */
  async verify(token: string): Promise<LiveSession | null> {
    let jti: string | undefined;
    let sub: string | undefined;
    try {
      const { payload } = await jwtVerify(token, await this.keys.get(), {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      jti = payload.jti;
      sub = payload.sub;
    } catch {
      return null;
    }
    if (!jti || !sub) return null;
    const session = await this.dataSource.manager.findOne(SessionEntity, {
      where: { id: jti, userId: sub, revokedAt: IsNull() },
    });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.dataSource.manager.findOne(UserEntity, { where: { id: sub, active: true } });
    return user ? { session, user } : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.manager.update(
      SessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  /** Revokes every session of a user, except `keep` (the caller's own, on password change). */
  async revokeAllForUser(userId: string, keep?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, keep ?? null],
    );
  }
}
