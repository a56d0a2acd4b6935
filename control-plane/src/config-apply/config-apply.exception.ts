import { SwitchyardException } from '../errors/switchyard.exception';

export enum ConfigApplyExceptionCode {
  INVALID_CONFIG = 'CONFIG_INVALID',
}

/** The declared config contradicts itself (duplicate names, references to nothing). */
export class ConfigApplyException extends SwitchyardException<ConfigApplyExceptionCode> {}
