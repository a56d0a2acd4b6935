import { Inject, Injectable } from '@nestjs/common';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { Role, type Principal } from './principal';
import { bearerToken, secretsEqual } from './timing-safe';

/** Turns request credentials into a `Principal`. Future token kinds (API tokens, sessions) resolve here. */
@Injectable()
export class AuthService {
  constructor(@Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig) {}

  resolvePrincipal(authorization: string | string[] | undefined): Principal {
    const token = bearerToken(authorization);
    if (!token) {
      throw new AuthException(
        'Missing credentials: send "Authorization: Bearer <admin token>"',
        AuthExceptionCode.UNAUTHENTICATED,
      );
    }
    if (secretsEqual(token, this.config.adminToken)) {
      return {
        kind: 'admin-token',
        id: 'bootstrap-admin',
        role: Role.InstallationAdmin,
        workspaceIds: 'all',
      };
    }
    throw new AuthException('Invalid token', AuthExceptionCode.UNAUTHENTICATED);
  }
}
