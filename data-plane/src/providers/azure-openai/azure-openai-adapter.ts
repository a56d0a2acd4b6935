import type { ProviderAdapter, ProviderSetup, UpstreamRequest } from '../adapter-types';
import { openAIShape } from '../openai-shape';
import { AzureChatStream } from './chat-stream';
import { EntraTokenSource } from './entra-token';

/** Azure OpenAI's GA data-plane API version, used when the account names none. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** An Azure OpenAI account ready for requests: its base path, API version and authentication. */
export interface AzureOpenAIState {
  basePath: string;
  apiVersion: string;
  /** Static headers (`api-key`, extra secret headers). */
  headers: Record<string, string>;
  /** Set when the account authenticates with Entra ID client credentials. */
  tokens: EntraTokenSource | null;
}

function option(setup: ProviderSetup, name: string): string | undefined {
  const value = setup.options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function prepare(setup: ProviderSetup): AzureOpenAIState {
  const { credentials } = setup;
  const headers: Record<string, string> = { ...credentials.headers, 'content-type': 'application/json' };
  let tokens: EntraTokenSource | null = null;
  if (credentials.apiKey) headers['api-key'] = credentials.apiKey;
  else if (credentials.clientId && credentials.clientSecret) {
    const tenantId = option(setup, 'tenantId');
    const tokenUrl =
      option(setup, 'tokenUrl') ??
      (tenantId
        ? `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`
        : undefined);
    if (!tokenUrl) {
      throw new Error(`Azure OpenAI provider ${setup.name}: Entra ID credentials need the tenantId option`);
    }
    tokens = new EntraTokenSource(tokenUrl, credentials.clientId, credentials.clientSecret);
  } else {
    throw new Error(
      `Azure OpenAI provider ${setup.name}: credentials need apiKey, or clientId and clientSecret (Entra ID)`,
    );
  }
  return {
    basePath: setup.basePath,
    apiVersion: option(setup, 'apiVersion') ?? DEFAULT_AZURE_API_VERSION,
    headers,
    tokens,
  };
}

/** `/openai/deployments/{deployment}/{operation}?api-version=…`; the deployment is the target's model name. */
export function deploymentPath(state: AzureOpenAIState, deployment: unknown, operation: string): string {
  if (typeof deployment !== 'string' || deployment === '')
    throw new Error('Azure OpenAI: no deployment (model) named');
  return `${state.basePath}/deployments/${encodeURIComponent(deployment)}/${operation}?api-version=${encodeURIComponent(state.apiVersion)}`;
}

function withAuth(
  state: AzureOpenAIState,
  path: string,
  body: string,
): UpstreamRequest | Promise<UpstreamRequest> {
  if (!state.tokens) return { path, headers: state.headers, body };
  return state.tokens
    .get()
    .then((token) => ({ path, headers: { ...state.headers, authorization: `Bearer ${token}` }, body }));
}

/**
 * Azure OpenAI: OpenAI's wire format under per-deployment paths with an `api-version`
 * query, authenticated by an `api-key` header or an Entra ID bearer token. Content filter
 * results and `finish_reason: "content_filter"` pass through as Azure sends them (in a
 * stream, the prompt's results on the first chunk with choices: see `AzureChatStream`).
 */
export const azureOpenAIAdapter = {
  kind: 'azure-openai',
  prepare,
  chatRequest: (state, body, stream) =>
    withAuth(
      state,
      deploymentPath(state, body.model, 'chat/completions'),
      openAIShape.chatBody(body, stream, { omitModel: true }),
    ),
  chatResponse: openAIShape.chatResponse,
  chatStream: (model) => new AzureChatStream(model),
  errorResponse: openAIShape.errorResponse,
  embeddingsRequest: (state, body) =>
    withAuth(
      state,
      deploymentPath(state, body.model, 'embeddings'),
      openAIShape.embeddingsBody(body, { omitModel: true }),
    ),
  embeddingsResponse: openAIShape.embeddingsResponse,
} satisfies ProviderAdapter<AzureOpenAIState>;
