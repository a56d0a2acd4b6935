/** A GraphQL error as the server sent it. */
export interface ServerError {
  message: string;
  code?: string;
}

/** The request failed: unreachable server, HTTP error or GraphQL errors. */
export class GraphqlRequestError extends Error {
  constructor(
    message: string,
    readonly errors: ServerError[] = [],
  ) {
    super(message);
  }
}

/** One GraphQL request with a bearer token; returns `data` or throws `GraphqlRequestError`. */
export async function graphqlRequest<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new GraphqlRequestError(
      `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  let body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new GraphqlRequestError(
      `${url} answered HTTP ${response.status} with a non-GraphQL body: ${text.slice(0, 200)}`,
    );
  }
  if (body.errors?.length) {
    const errors = body.errors.map((e) => ({ message: e.message, code: e.extensions?.code }));
    throw new GraphqlRequestError(errors.map((e) => e.message).join('; '), errors);
  }
  if (!response.ok || !body.data) throw new GraphqlRequestError(`${url} answered HTTP ${response.status}`);
  return body.data;
}
