import type { ValidationError } from 'class-validator';
import { SwitchyardException } from './switchyard.exception';

export enum InputExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  /** A URL names a private, loopback or link-local destination the installation does not allow. */
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
}

/** An input that failed validation; the message lists every problem with its path. */
export class InputException extends SwitchyardException<InputExceptionCode> {}

/** Flattens class-validator's tree into "path: problem" lines. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator's default messages start with the property name, which the path already says.
      const problem = message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message;
      lines.push(`${path}: ${problem}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path));
  }
  return lines;
}

/** Used as the global ValidationPipe's exceptionFactory. */
export function inputExceptionFromValidation(errors: ValidationError[]): InputException {
  const lines = describeValidationErrors(errors);
  return new InputException(
    `Invalid input: ${lines.join('; ') || 'rejected'}`,
    InputExceptionCode.INVALID_INPUT,
  );
}
