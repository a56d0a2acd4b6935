import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderCredentials } from '@switchyard/proto';

/**
 * The gateway's canonical request: an OpenAI chat completions body (`model`, `messages`,
 * `tools`, `tool_choice`, `response_format`, `temperature`, `max_tokens` /
 * `max_completion_tokens`, `stop`, `stream`, `stream_options`, …), with `model` already set
 * to the upstream model. Inbound formats (Anthropic Messages, Responses) are translated to
 * it; adapters translate it to their provider's wire format.
 */
export type ChatBody = Record<string, unknown>;

/** Token counts of one call, as reported upstream. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Input tokens served from the provider's prompt cache (reads), where reported. */
  cachedTokens: number;
  /** Output tokens spent on reasoning, where reported. */
  reasoningTokens: number;
}

/** A provider account ready for the hot path; built once per snapshot. */
export interface ProviderSetup {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  /** The account's base URL as configured, e.g. `https://api.anthropic.com/v1`. */
  baseUrl: URL;
  /** `baseUrl`'s path without a trailing slash, e.g. `/v1` (may be ''). */
  basePath: string;
  credentials: ProviderCredentials;
  /** Non-secret kind-specific settings (`SnapshotProvider.options`), `{}` when none. */
  options: Readonly<Record<string, string | number | boolean>>;
}

/** One HTTP request to send upstream, to the provider's origin. */
export interface UpstreamRequest {
  /** Path and query, e.g. `/v1/messages` or `/v1beta/models/x:streamGenerateContent?alt=sse`. */
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
  /**
   * When set, the request goes to this origin instead of the account's (e.g. Bedrock's
   * runtime host derived from the region). `scheme://host[:port]`.
   */
  origin?: string;
}

/** A finished, successful non-streaming answer in OpenAI's `chat.completion` shape. */
export interface TranslatedCompletion {
  /** The OpenAI `chat.completion` object (id, object, created, model, choices, usage). */
  completion: Record<string, unknown>;
  usage: TokenUsage | null;
  /**
   * True when `completion` is the upstream body exactly as parsed (nothing translated or
   * filled in), so the upstream's bytes may stand for it.
   */
  verbatim?: boolean;
}

/**
 * Translates one upstream stream into OpenAI `chat.completion.chunk` objects, incrementally:
 * bytes in as they arrive, chunks out. Never throws: a malformed or truncated stream sets
 * `error` (the executor then ends the client's stream with an error event).
 */
export interface StreamTranslator {
  /** Feeds upstream bytes; returns the chunks complete so far (often none). */
  feed(bytes: Buffer): Record<string, unknown>[];
  /** The upstream ended; returns the last chunks. Sets `error` if the stream was cut short. */
  end(): Record<string, unknown>[];
  /** Final usage once known (the provider's last event), else null. */
  readonly usage: TokenUsage | null;
  /** Why the stream is unusable (an error event, invalid data, cut short), or null. */
  readonly error: string | null;
  /**
   * Only from a translator made `verbatim`: the JSON text of each chunk the last `feed` or
   * `end` returned, as the upstream sent it, aligned with those chunks; null for a chunk the
   * translator changed (or whose text spans lines).
   */
  readonly texts?: readonly (string | null)[] | null;
}

/** An upstream error answer mapped to what the client sees (OpenAI error shape). */
export interface MappedError {
  /** HTTP status for the client: upstream 4xx kept (400, 401→401, 403, 404, 413, 422, 429), 5xx → 502/503/504. */
  status: number;
  /** OpenAI `error.type`: `invalid_request_error`, `authentication_error`, `rate_limit_error`, `server_error`, … */
  type: string;
  /** A stable code, e.g. `rate_limit_exceeded`, `context_length_exceeded`, `upstream_error`. */
  code: string;
  message: string;
  /** The request parameter the upstream blamed, when it named one (OpenAI's `error.param`). */
  param?: string | null;
}

/** An embeddings request in OpenAI's shape (`input` a string or array of strings, `model`, `dimensions`, `encoding_format`). */
export type EmbeddingsBody = Record<string, unknown>;

/** OpenAI's embeddings response: `{ object: 'list', data: [{ object: 'embedding', index, embedding }], model, usage }`. */
export interface TranslatedEmbeddings {
  response: Record<string, unknown>;
  usage: TokenUsage | null;
}

/**
 * A provider kind's wire format. Pure translation: adapters never touch the client's
 * response or the network; the executor sends what `chatRequest` builds over a pooled
 * connection and feeds the answer back through `chatResponse`, `chatStream` or
 * `errorResponse`. `S` is what `prepare` precomputes per account (headers, a token
 * cache, a signer). Functions that cannot make sense of upstream output throw
 * `UpstreamProtocolError` (from `chatResponse`) or set `error` (streams).
 */
export interface ProviderAdapter<S = unknown> {
  readonly kind: string;
  /**
   * Set when the provider's chat answers and stream chunks are OpenAI's own and
   * `chatResponse` / `chatStream` pass them on unchanged but for a missing `model`: an
   * OpenAI client may then get the upstream's bytes instead of a re-serialisation.
   */
  readonly verbatim?: boolean;
  /** Checks an account's settings and precomputes what requests need; throws an Error naming the problem. */
  prepare(setup: ProviderSetup): S;
  /** Builds the upstream chat request for `body` (whose `model` is the upstream model). May fetch a token. */
  chatRequest(state: S, body: ChatBody, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
  /** Translates a 2xx non-streaming body. `model` is the upstream model asked for. */
  chatResponse(body: Buffer, model: string): TranslatedCompletion;
  /**
   * A translator for a 2xx streaming body. `verbatim` (asked only of adapters that set
   * `verbatim`) also keeps each chunk's text as sent (`StreamTranslator.texts`).
   */
  chatStream(model: string, verbatim?: boolean): StreamTranslator;
  /** Maps a non-2xx answer. */
  errorResponse(status: number, headers: IncomingHttpHeaders, body: Buffer): MappedError;
  /** Embeddings, for kinds that have them. */
  embeddingsRequest?(state: S, body: EmbeddingsBody): UpstreamRequest | Promise<UpstreamRequest>;
  embeddingsResponse?(body: Buffer, model: string): TranslatedEmbeddings;
}

/** Upstream output that does not follow the provider's documented format. */
export class UpstreamProtocolError extends Error {
  override name = 'UpstreamProtocolError';
}
