import { GatewayError } from '../errors';

/**
 * Checks shared by the OpenAI-shaped inbound formats, worded as OpenAI words them
 * ("Invalid type for 'stream': expected a boolean, but got a string instead.").
 */

/** OpenAI's name for the JSON type of a value, as used in its error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function wrongType(param: string, expected: string, value: unknown): GatewayError {
  return new GatewayError(
    'invalid_type',
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    param,
  );
}

export function missing(param: string): GatewayError {
  return new GatewayError('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
}

export function unsupported(param: string, message: string): GatewayError {
  return new GatewayError('invalid_value', message, param);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `null` and `undefined` both mean "not sent" in OpenAI's APIs. */
export function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** The `model` alias: a non-empty string. */
export function checkModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (absent(model)) throw missing('model');
  if (typeof model !== 'string') throw wrongType('model', 'a string', model);
  if (model.length === 0) throw new GatewayError('invalid_value', "Invalid 'model': empty string.", 'model');
  return model;
}

/** `stream`: a boolean when sent. */
export function checkStream(body: Record<string, unknown>): boolean {
  const stream = body.stream;
  if (!absent(stream) && typeof stream !== 'boolean') throw wrongType('stream', 'a boolean', stream);
  return stream === true;
}

/** `stream_options`: an object whose `include_usage` is a boolean when sent. */
export function checkStreamOptions(body: Record<string, unknown>): void {
  const options = body.stream_options;
  if (absent(options)) return;
  if (!isObject(options)) throw wrongType('stream_options', 'an object', options);
  const includeUsage = options.include_usage;
  if (!absent(includeUsage) && typeof includeUsage !== 'boolean') {
    throw wrongType('stream_options.include_usage', 'a boolean', includeUsage);
  }
}

/** An optional number parameter; returns it, or undefined when not sent. */
export function optionalNumber(body: Record<string, unknown>, param: string): number | undefined {
  const value = body[param];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(param, 'a number', value);
  return value;
}

/** An optional integer parameter; returns it, or undefined when not sent. */
export function optionalInteger(body: Record<string, unknown>, param: string): number | undefined {
  const value = body[param];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(param, 'an integer', value);
  return value;
}
