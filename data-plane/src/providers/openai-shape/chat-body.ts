import type { ChatBody } from '../adapter-types';
import { isObject } from './json';

export interface ChatBodyOptions {
  /** Leave `model` out (Azure names the model by its deployment in the path). */
  omitModel?: boolean;
}

/**
 * The upstream body for an OpenAI-shaped provider: the canonical request as it is, with
 * `stream` set and, for streams, `stream_options.include_usage` turned on so the last
 * chunk carries the usage (the client's own `stream_options` fields are kept).
 */
export function chatBody(body: ChatBody, stream: boolean, options: ChatBodyOptions = {}): string {
  // `stream` is written only when it is on or the client wrote it, so the body stays as sent.
  const out: ChatBody = { ...body };
  if (stream || 'stream' in body) out.stream = stream;
  if (options.omitModel) delete out.model;
  if (stream) {
    const own = isObject(body.stream_options) ? body.stream_options : {};
    out.stream_options = { ...own, include_usage: true };
  } else delete out.stream_options;
  return JSON.stringify(out);
}
