import { SwitchyardException } from '../errors/switchyard.exception';

export enum RoleMappingExceptionCode {
  NOT_FOUND = 'ROLE_MAPPING_NOT_FOUND',
}

export class RoleMappingException extends SwitchyardException<RoleMappingExceptionCode> {}
