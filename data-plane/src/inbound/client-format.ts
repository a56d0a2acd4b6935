import type { RequestContext } from '../http/request-context';
import type { ChatBody, MappedError, TokenUsage } from '../providers/adapter-types';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';

/**
 * An inbound API the gateway speaks to clients (OpenAI chat completions, Anthropic
 * Messages, OpenAI Responses). Requests are translated to the canonical `ChatBody`
 * before routing; results come back from the router in OpenAI's shapes (a
 * `chat.completion` object, or `chat.completion.chunk` objects) and are rendered here.
 */
export interface ClientFormat {
  /** `usage.endpoint` of the usage records, e.g. `chat.completions`, `messages`, `responses`. */
  readonly endpoint: string;
  /**
   * Translates and checks a parsed request body. Throws `GatewayError` (400, naming the
   * parameter) on bad input. `model` in the result is still the client's alias. `from` is
   * the authenticated caller, for formats whose request comes from its config (prompt templates).
   */
  toChat(body: Record<string, unknown>, from: ChatCaller): ChatBody;
  /** Renders a finished completion (with `usage.cost` already set) as the response body. */
  completion(completion: Record<string, unknown>): Record<string, unknown>;
  /** Renders an error (HTTP status chosen by the caller) as the response body. */
  errorBody(error: MappedError): Record<string, unknown>;
  /** A fresh encoder for one streamed response. */
  stream(): ClientStreamEncoder;
  /**
   * Set when the format is OpenAI's chat completions wire format itself: `completion` returns
   * its argument and the encoder frames each chunk as `data: <JSON>`, so an OpenAI-shaped
   * upstream's bytes may be passed through instead of serialised again.
   */
  readonly openAIWire?: boolean;
}

/** The request being served and its authenticated caller under the running config. */
export interface ChatCaller {
  ctx: RequestContext;
  config: RuntimeConfig;
  key: CompiledKey;
}

/** Turns the canonical chunks of one stream into the client's SSE text. */
export interface ClientStreamEncoder {
  /** SSE text for one `chat.completion.chunk` (may be '' when the format folds it into later events). */
  chunk(chunk: Record<string, unknown>): string;
  /** SSE text that ends a successful stream (e.g. `data: [DONE]`), given the final usage if known. */
  end(usage: TokenUsage | null): string;
  /** SSE text that ends a stream which failed after it started. */
  error(error: MappedError): string;
}
