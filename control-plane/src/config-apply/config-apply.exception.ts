import { SwitchyardException } from '../errors/switchyard.exception';

export enum ConfigApplyExceptionCode {
  INVALID_CONFIG = 'CONFIG_INVALID',
}

/** The declared config contradicts itself (duplicate names, references to nothing). */
export class ConfigApplyException extends SwitchyardException<ConfigApplyExceptionCode> {}

/** A declared config that cannot be applied as written; the message says where and why. */
export function invalidConfig(message: string): ConfigApplyException {
  return new ConfigApplyException(message, ConfigApplyExceptionCode.INVALID_CONFIG);
}
