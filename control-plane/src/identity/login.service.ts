import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { UserEntity } from '../users/user.entity';
import { IdentityException, IdentityExceptionCode } from './identity.exception';
import { LoginThrottle } from './login-throttle';
import { decoyHash, verifyPassword } from './passwords';
import { SessionsService, type IssuedSession } from './sessions.service';
import { UsersService } from './users.service';

/** Password sign-in and password change. */
@Injectable()
export class LoginService {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * One answer (LOGIN_FAILED) for an unknown email, a wrong password, a deactivated user and
   * an SSO-only user, and the same argon2 work for each, so the answer tells nothing.
   */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<IssuedSession & { user: UserEntity }> {
    if (!this.throttle.allowed(email, address)) {
      throw new IdentityException(
        'Too many failed sign-ins: wait 15 minutes and try again',
        IdentityExceptionCode.LOGIN_THROTTLED,
      );
    }
    const user = await this.users.findByEmail(email);
    const hash = user?.passwordHash ?? (await decoyHash());
    const matches = await verifyPassword(hash, password);
    if (!user || !user.passwordHash || !user.active || !matches) {
      this.throttle.recordFailure(email, address);
      throw new IdentityException('Wrong email or password', IdentityExceptionCode.LOGIN_FAILED);
    }
    this.throttle.recordSuccess(email);
    return { ...(await this.sessions.issue(user, 'password')), user };
  }

  /** Checks the current password, sets the new one and ends the user's other sessions. */
  async changePassword(principal: Principal, current: string, next: string): Promise<UserEntity> {
    const user = await this.users.get(principal.userId!);
    if (!user.passwordHash) {
      throw new IdentityException(
        'This user signs in through SSO and has no password to change',
        IdentityExceptionCode.NO_PASSWORD,
      );
    }
    if (!(await verifyPassword(user.passwordHash, current))) {
      throw new IdentityException('The current password is wrong', IdentityExceptionCode.PASSWORD_INCORRECT);
    }
    return this.users.setPassword(user.id, next, principal.sessionId ?? undefined);
  }
}
