import { SwitchyardException } from '../errors/switchyard.exception';

export enum RateLimitExceptionCode {
  NOT_FOUND = 'RATE_LIMIT_NOT_FOUND',
  INVALID = 'RATE_LIMIT_INVALID',
}

export class RateLimitException extends SwitchyardException<RateLimitExceptionCode> {}

export function rateLimitNotFound(id: string): RateLimitException {
  return new RateLimitException(`Rate limit ${id} not found`, RateLimitExceptionCode.NOT_FOUND);
}

export function invalidRateLimit(message: string): RateLimitException {
  return new RateLimitException(message, RateLimitExceptionCode.INVALID);
}
