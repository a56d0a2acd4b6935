import { GatewayError } from '../errors';

/**
 * A chat completions request after the checks the gateway itself needs. Everything else in
 * the body (tools, response_format, multimodal content, …) is left as the client sent it.
 */
export interface ParsedChatRequest {
  /** The parsed body; adapters may rewrite `model` (and `stream_options`) in place. */
  body: Record<string, unknown>;
  /** The body exactly as received, forwarded unchanged when nothing needs rewriting. */
  raw: Buffer;
  /** The alias the client asked for. */
  model: string;
  stream: boolean;
  /** The client itself asked for `stream_options.include_usage`. */
  clientWantsUsage: boolean;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function wrongType(param: string, expected: string, value: unknown): GatewayError {
  return new GatewayError(
    'invalid_type',
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    param,
  );
}

function missing(param: string): GatewayError {
  return new GatewayError('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
}

/** Parses and checks a `POST /v1/chat/completions` body; throws a 400 `GatewayError` naming the parameter. */
export function parseChatRequest(raw: Buffer): ParsedChatRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GatewayError('invalid_json');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError(
      'invalid_json',
      `The request body must be a JSON object, but got ${typeName(body)}.`,
    );
  }
  const fields = body as Record<string, unknown>;

  const model = fields.model;
  if (model === undefined || model === null) throw missing('model');
  if (typeof model !== 'string') throw wrongType('model', 'a string', model);
  if (model.length === 0) throw new GatewayError('invalid_value', "Invalid 'model': empty string.", 'model');

  const messages = fields.messages;
  if (messages === undefined || messages === null) throw missing('messages');
  if (!Array.isArray(messages)) throw wrongType('messages', 'an array', messages);
  if (messages.length === 0) {
    throw new GatewayError(
      'invalid_value',
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
    );
  }
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      throw wrongType(`messages[${i}]`, 'an object', m);
  }

  const stream = fields.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw wrongType('stream', 'a boolean', stream);
  }
  let clientWantsUsage = false;
  const options = fields.stream_options;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options))
      throw wrongType('stream_options', 'an object', options);
    const includeUsage = (options as Record<string, unknown>).include_usage;
    if (includeUsage !== undefined && includeUsage !== null && typeof includeUsage !== 'boolean') {
      throw wrongType('stream_options.include_usage', 'a boolean', includeUsage);
    }
    clientWantsUsage = includeUsage === true;
  }
  return { body: fields, raw, model, stream: stream === true, clientWantsUsage };
}

/**
 * The body to send upstream: `model` replaced by the route's upstream model and, for
 * streams, usage requested so the gateway can record it. The raw bytes are reused when
 * neither change is needed.
 */
export function upstreamBody(request: ParsedChatRequest, upstreamModel: string): Buffer | string {
  const askUsage = request.stream && !request.clientWantsUsage;
  if (request.model === upstreamModel && !askUsage) return request.raw;
  const body = request.body;
  body.model = upstreamModel;
  if (askUsage) {
    const options = body.stream_options as Record<string, unknown> | null | undefined;
    body.stream_options = { ...options, include_usage: true };
  }
  return JSON.stringify(body);
}
