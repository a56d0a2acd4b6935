import { SwitchyardException } from '../errors/switchyard.exception';

export enum VirtualKeyExceptionCode {
  NOT_FOUND = 'VIRTUAL_KEY_NOT_FOUND',
  NAME_TAKEN = 'VIRTUAL_KEY_NAME_TAKEN',
  SECRET_TAKEN = 'VIRTUAL_KEY_SECRET_TAKEN',
  UNKNOWN_ROUTE = 'VIRTUAL_KEY_UNKNOWN_ROUTE',
  INVALID_CACHE = 'VIRTUAL_KEY_INVALID_CACHE',
}

export class VirtualKeyException extends SwitchyardException<VirtualKeyExceptionCode> {}

export function keyNotFound(id: string): VirtualKeyException {
  return new VirtualKeyException(`Virtual key ${id} not found`, VirtualKeyExceptionCode.NOT_FOUND);
}
