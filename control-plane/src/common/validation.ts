import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, ValidateBy, isEmail } from 'class-validator';

/** Lower-case letters, digits and inner dashes; 1 to 64 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Decorators applied as if stacked above a property in this order: the last one first, so
 * the validation messages keep the order they had as separate decorators.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}

/** A workspace or MCP server slug (`SLUG_PATTERN`). */
export function IsSlug(): PropertyDecorator {
  return stacked(
    IsString(),
    Matches(SLUG_PATTERN, { message: 'slug must be 1-64 lower-case letters, digits or inner dashes' }),
  );
}

/** A human-facing name: 1..200 characters, no leading or trailing whitespace, no control characters. */
export function IsDisplayName(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(1, 200),
    // eslint-disable-next-line no-control-regex
    Matches(/^(?!\s)[^\x00-\x1f\x7f]*(?<!\s)$/, {
      message: '$property must not start or end with whitespace nor contain control characters',
    }),
  );
}

/** Free text Postgres can store: anything but NUL (U+0000) and unpaired UTF-16 surrogates. */
export function IsStorableText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(0, maxLength),
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\x00\p{Cs}]*$/u, {
      message: '$property must not contain NUL characters or unpaired surrogates',
    }),
  );
}

/** An identifier-like value (route alias, model name): 1..200 printable characters, no whitespace. */
export function IsToken(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(1, 200),
    Matches(/^[\x21-\x7e]+$/, { message: '$property must be printable ASCII without whitespace' }),
  );
}

/** http(s) URL as the snapshot schema accepts it (host names without a TLD, like localhost, are fine). */
export const BASE_URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  require_host: true,
};

/**
 * An email address. validator.js's `isEmail` throws (a URIError) on unpaired surrogates
 * instead of answering false, which would surface as a server error; here it is a plain
 * validation failure.
 */
export function IsEmailAddress(): PropertyDecorator {
  return ValidateBy({
    name: 'isEmailAddress',
    validator: {
      validate: (value: unknown) => {
        try {
          return typeof value === 'string' && isEmail(value);
        } catch {
          return false;
        }
      },
      defaultMessage: () => '$property must be an email address',
    },
  });
}
