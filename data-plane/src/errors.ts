/**
 * The gateway's one error catalogue: every error a client can see, with its HTTP status,
 * its OpenAI error `type` and a default message. Bodies follow OpenAI's shape
 * `{"error":{"message","type","param","code"}}` so OpenAI SDKs surface them as usual.
 */
export const ERRORS = {
  missing_api_key: {
    status: 401,
    type: 'invalid_request_error',
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  },
  invalid_api_key: { status: 401, type: 'invalid_request_error', message: 'Incorrect API key provided.' },
  expired_api_key: {
    status: 401,
    type: 'invalid_request_error',
    message: 'The API key provided has expired.',
  },
  model_not_found: {
    status: 404,
    type: 'invalid_request_error',
    message: 'The model does not exist or you do not have access to it.',
  },
  unknown_url: { status: 404, type: 'invalid_request_error', message: 'Invalid URL.' },
  bad_request: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request is not valid HTTP.',
  },
  request_timeout: {
    status: 408,
    type: 'invalid_request_error',
    message: 'The request was not received in time.',
  },
  headers_too_large: {
    status: 431,
    type: 'invalid_request_error',
    message: 'The request headers are too large.',
  },
  method_not_allowed: { status: 405, type: 'invalid_request_error', message: 'Method not allowed.' },
  request_too_large: {
    status: 413,
    type: 'invalid_request_error',
    message: 'The request body is too large.',
  },
  invalid_json: {
    status: 400,
    type: 'invalid_request_error',
    message: 'We could not parse the JSON body of your request. The API expects a JSON object.',
  },
  missing_required_parameter: {
    status: 400,
    type: 'invalid_request_error',
    message: 'Missing required parameter.',
  },
  invalid_type: { status: 400, type: 'invalid_request_error', message: 'Invalid type for parameter.' },
  invalid_value: { status: 400, type: 'invalid_request_error', message: 'Invalid value for parameter.' },
  not_ready: {
    status: 503,
    type: 'server_error',
    message: 'The gateway has no configuration yet; try again shortly.',
  },
  upstream_error: { status: 502, type: 'server_error', message: 'The upstream provider failed.' },
  upstream_timeout: {
    status: 504,
    type: 'server_error',
    message: 'The upstream provider did not answer in time.',
  },
  provider_unsupported: {
    status: 502,
    type: 'server_error',
    message: 'This route uses a provider kind this gateway does not support.',
  },
  internal_error: { status: 500, type: 'server_error', message: 'The gateway failed to handle the request.' },
  // A guardrail policy refused the request (400) or, rendered with status 422, the answer.
  guardrail_denied: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request was denied by a guardrail policy.',
  },
  // Prompt templates (`/v1/prompts/{id}/…`): unknown in the key's workspace, no such label or version served.
  prompt_not_found: {
    status: 404,
    type: 'invalid_request_error',
    message: 'The prompt does not exist or you do not have access to it.',
  },
  prompt_version_not_found: {
    status: 404,
    type: 'invalid_request_error',
    message: 'The prompt has no such version or label.',
  },
  missing_prompt_variables: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The prompt template needs variables the request did not send.',
  },
  // A hard-stop budget reached its limit in its current window; the message names it and when it resets.
  budget_exceeded: {
    status: 402,
    type: 'insufficient_quota',
    message: 'A budget that applies to this request is exhausted.',
  },
  // Never sent (the client is gone); recorded in usage, after nginx's 499.
  client_closed_request: {
    status: 499,
    type: 'invalid_request_error',
    message: 'The client closed the request.',
  },
} as const satisfies Record<string, { status: number; type: string; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error meant for the client: a catalogue code, a message safe to show, the offending parameter. */
export class GatewayError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly param: string | null = null,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

/** The OpenAI-shaped JSON body of an error. */
export function errorBody(code: string, message: string, param: string | null = null, type?: string): string {
  const t = type ?? (code in ERRORS ? ERRORS[code as ErrorCode].type : 'server_error');
  return JSON.stringify({ error: { message, type: t, param, code } });
}

/** Renders a `GatewayError` as its JSON body. */
export function renderError(err: GatewayError): string {
  return errorBody(err.code, err.message, err.param);
}

/** OpenAI's wording, e.g. "The model `x` does not exist or you do not have access to it." */
export function modelNotFound(model: string): GatewayError {
  return new GatewayError(
    'model_not_found',
    `The model \`${model.length > 200 ? `${model.slice(0, 200)}…` : model}\` does not exist or you do not have access to it.`,
  );
}
