import { SwitchyardException } from '../errors/switchyard.exception';

/** Errors of the GraphQL side of SCIM (tokens); the SCIM endpoint itself answers with `ScimError`. */
export enum ScimConfigExceptionCode {
  TOKEN_NOT_FOUND = 'SCIM_TOKEN_NOT_FOUND',
}

export class ScimConfigException extends SwitchyardException<ScimConfigExceptionCode> {}
