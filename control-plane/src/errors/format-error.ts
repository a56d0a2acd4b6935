import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_ERROR_CODES, type PublicErrorCode } from './graphql-errors';

/** Errors Apollo raises before a resolver runs (parse, validation, variable coercion): the client's fault. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo's formatError: every error leaves with one of the public codes, and never with a
 * stack trace. Codes from outside the mapper (Apollo's own) are folded into the public set.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const raw = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  let code: PublicErrorCode;
  if ((PUBLIC_ERROR_CODES as readonly string[]).includes(raw)) code = raw as PublicErrorCode;
  else if (CLIENT_ERROR_CODES.has(raw)) code = 'BAD_USER_INPUT';
  else code = 'INTERNAL_SERVER_ERROR';
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  const message =
    code === 'INTERNAL_SERVER_ERROR' && raw !== code ? 'Internal server error' : formatted.message;
  return { ...formatted, message, extensions: { ...extensions, code } };
}
