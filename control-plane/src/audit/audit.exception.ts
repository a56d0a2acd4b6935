import { SwitchyardException } from '../errors/switchyard.exception';

export enum AuditExceptionCode {
  INVALID_CURSOR = 'AUDIT_INVALID_CURSOR',
  INVALID_RANGE = 'AUDIT_INVALID_RANGE',
}

export class AuditException extends SwitchyardException<AuditExceptionCode> {}
