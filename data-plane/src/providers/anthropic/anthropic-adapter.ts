import type { IncomingHttpHeaders } from 'node:http';
import type {
  ChatBody,
  MappedError,
  ProviderAdapter,
  ProviderSetup,
  StreamTranslator,
  TranslatedCompletion,
  UpstreamRequest,
} from '../adapter-types';
import { mapAnthropicError } from './error-mapping';
import {
  DEFAULT_MAX_TOKENS,
  translateChatRequest,
  type RequestTranslationOptions,
} from './request-translation';
import { parseMessage, translateMessage } from './response-translation';
import { AnthropicStreamTranslator } from './stream-translator';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** What `prepare` computes once per account: the path, the headers and the translation settings. */
export interface AnthropicState {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly translation: RequestTranslationOptions;
}

function stringOption(setup: ProviderSetup, name: string): string | undefined {
  const value = setup.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Anthropic provider "${setup.name}": option ${name} must be a non-empty string.`);
  }
  return value.trim();
}

/**
 * Anthropic's Messages API (`POST {baseUrl}/messages`, e.g. `https://api.anthropic.com/v1/messages`),
 * authenticated with `x-api-key`. Options: `anthropicVersion` (header, default `2023-06-01`),
 * `anthropicBeta` (the `anthropic-beta` header, comma-separated feature names) and
 * `maxTokens` (`max_tokens` when the client sets none, default 4096).
 * Credentials: `apiKey` (required) and optional extra `headers`.
 */
export class AnthropicAdapter implements ProviderAdapter<AnthropicState> {
  readonly kind = 'anthropic';

  prepare(setup: ProviderSetup): AnthropicState {
    const apiKey = setup.credentials.apiKey;
    if (typeof apiKey !== 'string' || apiKey === '') {
      throw new Error(`Anthropic provider "${setup.name}" has no API key (credentials.apiKey).`);
    }
    const maxTokens = setup.options.maxTokens ?? DEFAULT_MAX_TOKENS;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens <= 0) {
      throw new Error(`Anthropic provider "${setup.name}": option maxTokens must be a positive integer.`);
    }
    const headers: Record<string, string> = {};
    // Extra headers first, lower-cased, so they cannot double or override the ones below.
    for (const [name, value] of Object.entries(setup.credentials.headers ?? {}))
      headers[name.toLowerCase()] = value;
    headers['x-api-key'] = apiKey;
    headers['anthropic-version'] = stringOption(setup, 'anthropicVersion') ?? DEFAULT_ANTHROPIC_VERSION;
    const beta = stringOption(setup, 'anthropicBeta');
    if (beta !== undefined) headers['anthropic-beta'] = beta;
    headers['content-type'] = 'application/json';
    return {
      path: `${setup.basePath}/messages`,
      headers: Object.freeze(headers),
      translation: { defaultMaxTokens: maxTokens, includeModel: true },
    };
  }

  chatRequest(state: AnthropicState, body: ChatBody, stream: boolean): UpstreamRequest {
    return {
      path: state.path,
      headers: state.headers as Record<string, string>,
      body: JSON.stringify(translateChatRequest(body, stream, state.translation)),
    };
  }

  chatResponse(body: Buffer, model: string): TranslatedCompletion {
    return translateMessage(parseMessage(body), model);
  }

  chatStream(model: string): StreamTranslator {
    return new AnthropicStreamTranslator(model);
  }

  errorResponse(status: number, _headers: IncomingHttpHeaders, body: Buffer): MappedError {
    return mapAnthropicError(status, body);
  }
}

export const anthropicAdapter = new AnthropicAdapter() satisfies ProviderAdapter<AnthropicState>;
