import { SwitchyardException } from '../errors/switchyard.exception';

export enum IdentityExceptionCode {
  /** Unknown email, wrong password, deactivated user or no password set: one answer for all. */
  LOGIN_FAILED = 'LOGIN_FAILED',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  PASSWORD_TOO_WEAK = 'PASSWORD_TOO_WEAK',
  PASSWORD_INCORRECT = 'PASSWORD_INCORRECT',
  NO_PASSWORD = 'USER_HAS_NO_PASSWORD',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  EMAIL_TAKEN = 'USER_EMAIL_TAKEN',
  MEMBER_NOT_FOUND = 'MEMBER_NOT_FOUND',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  LAST_OWNER = 'LAST_OWNER',
  /** Granting or touching a role above what the caller holds (an admin and the owner role, a token above its creator). */
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  API_TOKEN_NOT_FOUND = 'API_TOKEN_NOT_FOUND',
  API_TOKEN_NAME_TAKEN = 'API_TOKEN_NAME_TAKEN',
  INVALID_EXPIRY = 'API_TOKEN_INVALID_EXPIRY',
}

export class IdentityException extends SwitchyardException<IdentityExceptionCode> {}
