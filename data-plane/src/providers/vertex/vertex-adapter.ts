import type { IncomingHttpHeaders } from 'node:http';
import type {
  ChatBody,
  EmbeddingsBody,
  MappedError,
  ProviderAdapter,
  ProviderSetup,
  StreamTranslator,
  TranslatedCompletion,
  UpstreamRequest,
} from '../adapter-types';
import {
  GeminiStreamTranslator,
  googleErrorResponse,
  modelId,
  toChatCompletion,
  toGeminiRequest,
} from '../gemini';
import { DEFAULT_TOKEN_URL, serviceAccountTokens, StaticToken, type TokenSource } from './access-token';
import { parseServiceAccount } from './service-account';
import {
  isAnthropicError,
  isAnthropicModel,
  vertexAnthropicBody,
  vertexAnthropicError,
  vertexAnthropicResponse,
  vertexAnthropicStream,
} from './vertex-anthropic';
import { fromPredictEmbeddings, toPredictEmbeddings } from './vertex-embeddings';

/** A Vertex AI account ready for requests. */
export interface VertexState {
  /** `{basePath}/projects/{project}/locations/{location}/publishers/`. */
  publishersPath: string;
  tokens: TokenSource;
  extraHeaders: Record<string, string>;
  /** `max_tokens` for Claude when the client gave none (Anthropic requires one). */
  anthropicMaxTokens: number;
  /** The headers of the last token, reused while the token is. */
  lastHeaders: { token: string; headers: Record<string, string> } | null;
}

const REGIONAL_HOST = /^([a-z0-9-]+)-aiplatform\.googleapis\.com$/;
const PATH_SEGMENT = /^[A-Za-z0-9][\w.-]*$/;

function stringOption(setup: ProviderSetup, name: string): string | undefined {
  const value = setup.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Vertex provider ${setup.name}: option ${name} must be a non-empty string`);
  }
  return value.trim();
}

function location(setup: ProviderSetup): string {
  const explicit = stringOption(setup, 'location');
  if (explicit) return explicit;
  const host = setup.baseUrl.hostname;
  const regional = REGIONAL_HOST.exec(host);
  if (regional) return regional[1];
  if (host === 'aiplatform.googleapis.com') return 'global';
  throw new Error(`Vertex provider ${setup.name} needs option location`);
}

function tokenSource(setup: ProviderSetup): TokenSource {
  const { serviceAccountJson, apiKey } = setup.credentials;
  if (typeof serviceAccountJson === 'string' && serviceAccountJson !== '') {
    const account = parseServiceAccount(serviceAccountJson);
    const tokenUrl = stringOption(setup, 'tokenUrl') ?? account.tokenUri ?? DEFAULT_TOKEN_URL;
    return serviceAccountTokens(account, tokenUrl);
  }
  if (typeof apiKey === 'string' && apiKey !== '') return new StaticToken(apiKey);
  throw new Error(
    `Vertex provider ${setup.name} needs credentials.serviceAccountJson or credentials.apiKey (an access token)`,
  );
}

async function headers(state: VertexState): Promise<Record<string, string>> {
  const token = await state.tokens.token();
  const last = state.lastHeaders;
  if (last && last.token === token) return last.headers;
  const fresh = {
    ...state.extraHeaders,
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  };
  state.lastHeaders = { token, headers: fresh };
  return fresh;
}

/**
 * Google Vertex AI (`https://{location}-aiplatform.googleapis.com/v1`, options `project`,
 * `location`, `tokenUrl`, `anthropicMaxTokens`): Gemini models through the Gemini
 * translation at `publishers/google/models/{model}:generateContent`, Claude models
 * (names starting with `claude`) through the Anthropic translation at
 * `publishers/anthropic/models/{model}:rawPredict`. Requests carry an OAuth access token
 * from the service account in `credentials.serviceAccountJson`, or `credentials.apiKey`
 * used as a bearer token as it is.
 */
export const vertexAdapter = {
  kind: 'vertex',

  prepare(setup: ProviderSetup): VertexState {
    const project = stringOption(setup, 'project');
    if (!project) throw new Error(`Vertex provider ${setup.name} needs option project`);
    const loc = location(setup);
    if (!PATH_SEGMENT.test(project) || !PATH_SEGMENT.test(loc)) {
      throw new Error(`Vertex provider ${setup.name}: project and location must be plain identifiers`);
    }
    const maxTokens = setup.options.anthropicMaxTokens ?? 4096;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens <= 0) {
      throw new Error(`Vertex provider ${setup.name}: option anthropicMaxTokens must be a positive integer`);
    }
    return {
      publishersPath: `${setup.basePath}/projects/${project}/locations/${loc}/publishers/`,
      tokens: tokenSource(setup),
      extraHeaders: { ...setup.credentials.headers },
      anthropicMaxTokens: maxTokens,
      lastHeaders: null,
    };
  },

  async chatRequest(state: VertexState, body: ChatBody, stream: boolean): Promise<UpstreamRequest> {
    const model = modelId(body.model);
    // Translate before fetching a token: a request that cannot be sent costs no exchange.
    let path: string;
    let payload: string;
    if (isAnthropicModel(model)) {
      path = `${state.publishersPath}anthropic/models/${model}:${stream ? 'streamRawPredict' : 'rawPredict'}`;
      payload = vertexAnthropicBody(body, stream, state.anthropicMaxTokens);
    } else {
      path = `${state.publishersPath}google/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
      payload = JSON.stringify(toGeminiRequest(body));
    }
    return { path, headers: await headers(state), body: payload };
  },

  chatResponse(body: Buffer, model: string): TranslatedCompletion {
    return isAnthropicModel(model) ? vertexAnthropicResponse(body, model) : toChatCompletion(body, model);
  },

  chatStream(model: string): StreamTranslator {
    return isAnthropicModel(model) ? vertexAnthropicStream(model) : new GeminiStreamTranslator(model);
  },

  errorResponse(status: number, responseHeaders: IncomingHttpHeaders, body: Buffer): MappedError {
    return isAnthropicError(body)
      ? vertexAnthropicError(status, body)
      : googleErrorResponse(status, responseHeaders, body);
  },

  async embeddingsRequest(state: VertexState, body: EmbeddingsBody): Promise<UpstreamRequest> {
    const model = modelId(body.model);
    const payload = JSON.stringify(toPredictEmbeddings(body));
    return {
      path: `${state.publishersPath}google/models/${model}:predict`,
      headers: await headers(state),
      body: payload,
    };
  },

  embeddingsResponse: fromPredictEmbeddings,
} satisfies ProviderAdapter<VertexState>;
