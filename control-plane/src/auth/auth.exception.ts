import { SwitchyardException } from '../errors/switchyard.exception';

export enum AuthExceptionCode {
  UNAUTHENTICATED = 'AUTH_UNAUTHENTICATED',
  FORBIDDEN = 'AUTH_FORBIDDEN',
}

export class AuthException extends SwitchyardException<AuthExceptionCode> {}
