import { SwitchyardException } from '../errors/switchyard.exception';

export enum ProviderAccountExceptionCode {
  NOT_FOUND = 'PROVIDER_ACCOUNT_NOT_FOUND',
  NAME_TAKEN = 'PROVIDER_ACCOUNT_NAME_TAKEN',
  IN_USE = 'PROVIDER_ACCOUNT_IN_USE',
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
