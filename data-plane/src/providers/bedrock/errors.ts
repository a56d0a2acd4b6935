import type { IncomingHttpHeaders } from 'node:http';
import type { MappedError } from '../adapter-types';
import { fallbackMessage, mappedError, tryParseObject } from '../openai-shape';

/** The HTTP status AWS documents for each Bedrock runtime error type. */
const STATUS_OF_TYPE: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  ExpiredTokenException: 403,
  ResourceNotFoundException: 404,
  ThrottlingException: 429,
  ServiceQuotaExceededException: 429,
  InternalServerException: 500,
  ModelErrorException: 502,
  ModelNotReadyException: 503,
  ServiceUnavailableException: 503,
  ModelTimeoutException: 504,
};

/** `ThrottlingException` from `x-amzn-errortype: ThrottlingException:http://internal.amazon.com/…`. */
function errorType(headers: IncomingHttpHeaders, body: Record<string, unknown> | null): string | undefined {
  const header = headers['x-amzn-errortype'];
  const raw =
    typeof header === 'string' ? header : typeof body?.__type === 'string' ? body.__type : undefined;
  return raw?.split(':')[0].split('#').pop();
}

/** A Bedrock error answer (`{"message"}` plus `x-amzn-errortype`) in OpenAI's terms. */
export function bedrockErrorResponse(
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): MappedError {
  const parsed = tryParseObject(body.toString('utf8'));
  const text = parsed?.message ?? parsed?.Message;
  const type = errorType(headers, parsed);
  const message =
    typeof text === 'string' && text !== ''
      ? type
        ? `${type}: ${text}`
        : text
      : fallbackMessage(status, body);
  const upstreamStatus = (type && STATUS_OF_TYPE[type]) || status;
  const tooLong =
    type === 'ValidationException' && /too long|context (length|window)|max(imum)? .*tokens/i.test(message);
  return mappedError(upstreamStatus, message, tooLong ? 'context_length_exceeded' : undefined);
}
