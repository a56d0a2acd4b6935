import { SwitchyardException } from '../errors/switchyard.exception';

export enum ProviderAccountExceptionCode {
  NOT_FOUND = 'PROVIDER_ACCOUNT_NOT_FOUND',
  NAME_TAKEN = 'PROVIDER_ACCOUNT_NAME_TAKEN',
  IN_USE = 'PROVIDER_ACCOUNT_IN_USE',
  /** A kind without a default base URL (not an OpenAI-compatible preset) given none. */
  BASE_URL_REQUIRED = 'PROVIDER_ACCOUNT_BASE_URL_REQUIRED',
  /** An option the kind needs is missing (bedrock: region; vertex: project, location). */
  MISSING_OPTION = 'PROVIDER_ACCOUNT_MISSING_OPTION',
  /** Options that are not a flat object of strings, numbers and booleans, or of the wrong type. */
  INVALID_OPTIONS = 'PROVIDER_ACCOUNT_INVALID_OPTIONS',
  /** A credential field that cannot be used (a service-account key that is not a JSON object). */
  INVALID_CREDENTIALS = 'PROVIDER_ACCOUNT_INVALID_CREDENTIALS',
}

export class ProviderAccountException extends SwitchyardException<ProviderAccountExceptionCode> {}

export function providerNotFound(id: string): ProviderAccountException {
  return new ProviderAccountException(
    `Provider account ${id} not found`,
    ProviderAccountExceptionCode.NOT_FOUND,
  );
}

export function providerNameTaken(name: string): ProviderAccountException {
  return new ProviderAccountException(
    `A provider account named "${name}" already exists in this workspace`,
    ProviderAccountExceptionCode.NAME_TAKEN,
  );
}
