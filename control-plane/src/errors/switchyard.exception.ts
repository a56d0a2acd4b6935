/**
 * Base of every feature's domain error. `code` is a feature-specific string enum value,
 * unique across features, which `graphql-errors.ts` turns into a public error code.
 */
export abstract class SwitchyardException<Code extends string> extends Error {
  constructor(
    message: string,
    readonly code: Code,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
