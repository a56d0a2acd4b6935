import { HttpError } from 'react-admin';
import { graphqlUrl } from '../config';
import { getToken } from '../auth/tokenStore';

/** The stable error codes of the admin API (`extensions.code`). */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

interface GraphQLErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; originalError?: { message?: string | string[] } };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorPayload[];
}

/**
 * react-admin reads `status` (401 → authProvider.checkError logs out) and shows `message` in a
 * notification, so API codes are mapped onto HTTP statuses. The body deliberately has no `errors`
 * key: react-admin would take one for per-field form errors.
 */
const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
};

export interface ApiErrorBody {
  code: string;
  graphqlErrors: GraphQLErrorPayload[];
}

export function isApiErrorCode(error: unknown, code: ApiErrorCode): boolean {
  return error instanceof HttpError && (error.body as ApiErrorBody | undefined)?.code === code;
}

/** Validation pipes put the useful detail in `originalError.message` (often a list); prefer it. */
function describe(error: GraphQLErrorPayload): string {
  const detail = error.extensions?.originalError?.message;
  if (Array.isArray(detail) && detail.length > 0) return detail.join('; ');
  if (typeof detail === 'string' && detail && detail !== error.message) return `${error.message}: ${detail}`;
  return error.message;
}

function errorFromResponse(errors: GraphQLErrorPayload[], httpStatus: number): HttpError {
  const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  const status = STATUS_BY_CODE[code as ApiErrorCode] ?? (httpStatus >= 400 ? httpStatus : 500);
  const message = [...new Set(errors.map(describe))].join('\n');
  return new HttpError(message, status, { code, graphqlErrors: errors } satisfies ApiErrorBody);
}

/**
 * Sends one GraphQL document to the admin API and returns its `data`, or throws an HttpError that
 * carries the API's message and code. `token` overrides the stored token (used to verify a login).
 */
export async function graphqlRequest<T>(query: string, token: string | null = getToken()): Promise<T> {
  let response: Response;
  try {
    response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
  } catch {
    throw new HttpError(`Cannot reach the control plane at ${graphqlUrl}`, 0, { code: 'NETWORK' });
  }
  let body: GraphQLResponse<T> | undefined;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    body = undefined;
  }
  if (body?.errors && body.errors.length > 0) throw errorFromResponse(body.errors, response.status);
  if (!response.ok || !body?.data) {
    const status = response.status === 200 ? 500 : response.status;
    const code = status === 401 ? 'UNAUTHENTICATED' : 'HTTP_ERROR';
    throw new HttpError(`The control plane answered HTTP ${response.status} without data`, status, { code });
  }
  return body.data;
}
