import { SwitchyardException } from '../errors/switchyard.exception';

export enum PromptExceptionCode {
  NOT_FOUND = 'PROMPT_NOT_FOUND',
  VERSION_NOT_FOUND = 'PROMPT_VERSION_NOT_FOUND',
  LABEL_NOT_FOUND = 'PROMPT_LABEL_NOT_FOUND',
  SLUG_TAKEN = 'PROMPT_SLUG_TAKEN',
  INVALID_SLUG = 'PROMPT_INVALID_SLUG',
  INVALID_TEMPLATE = 'PROMPT_INVALID_TEMPLATE',
  INVALID_PARAMS = 'PROMPT_INVALID_PARAMS',
  INVALID_LABEL = 'PROMPT_INVALID_LABEL',
  UNKNOWN_ROUTE = 'PROMPT_UNKNOWN_ROUTE',
}

export class PromptException extends SwitchyardException<PromptExceptionCode> {}

export function promptNotFound(id: string): PromptException {
  return new PromptException(`Prompt ${id} not found`, PromptExceptionCode.NOT_FOUND);
}
