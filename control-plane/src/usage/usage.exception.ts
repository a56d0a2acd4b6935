import { SwitchyardException } from '../errors/switchyard.exception';

export enum UsageExceptionCode {
  INVALID_RANGE = 'USAGE_INVALID_RANGE',
}

export class UsageException extends SwitchyardException<UsageExceptionCode> {}
