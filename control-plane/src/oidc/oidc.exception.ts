import { SwitchyardException } from '../errors/switchyard.exception';

/** Errors of OIDC settings in GraphQL. Sign-in errors are `OidcLoginError` (an HTTP page). */
export enum OidcExceptionCode {
  INVALID_SETTINGS = 'OIDC_INVALID_SETTINGS',
}

export class OidcException extends SwitchyardException<OidcExceptionCode> {}

/** Why a sign-in was refused; each maps to an HTTP status on the error page. */
export const OIDC_LOGIN_ERRORS = {
  OIDC_NOT_CONFIGURED: 404,
  OIDC_INVALID_STATE: 400,
  OIDC_DENIED: 403,
  OIDC_INVALID_RESPONSE: 401,
  OIDC_PROVIDER_UNAVAILABLE: 502,
  OIDC_EMAIL_MISSING: 403,
  OIDC_EMAIL_NOT_VERIFIED: 403,
  OIDC_DOMAIN_NOT_ALLOWED: 403,
  OIDC_IDENTITY_CONFLICT: 409,
  OIDC_USER_DEACTIVATED: 403,
  /** This client address started too many sign-ins in the last minute. */
  OIDC_LOGIN_THROTTLED: 429,
  /** The installation holds as many unfinished sign-ins as it allows. */
  OIDC_TOO_MANY_PENDING_LOGINS: 429,
} as const;

export type OidcLoginErrorCode = keyof typeof OIDC_LOGIN_ERRORS;

export class OidcLoginError extends Error {
  constructor(
    readonly code: OidcLoginErrorCode,
    message: string,
    /** For a 429: when trying again can succeed, sent as `retry-after`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'OidcLoginError';
  }

  get status(): number {
    return OIDC_LOGIN_ERRORS[this.code];
  }
}
