import type { ProviderAdapter, ProviderSetup, StreamTranslator, UpstreamRequest } from '../adapter-types';
import { converseBody } from './converse-request';
import { converseResponse } from './converse-response';
import { ConverseStream } from './converse-stream';
import { bedrockEmbedBody, bedrockEmbedResponse } from './embeddings';
import { bedrockErrorResponse } from './errors';
import { authorize, bedrockAuth, type BedrockAuth } from './signer';

/** A Bedrock account: where its runtime lives and how requests are authenticated. */
export interface BedrockState {
  /** `https://bedrock-runtime.{region}.amazonaws.com`, or the configured base URL's origin. */
  origin: URL;
  /** The configured base URL's path ('' for AWS itself). */
  basePath: string;
  auth: BedrockAuth;
}

function prepare(setup: ProviderSetup): BedrockState {
  const region = setup.options.region;
  if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) {
    throw new Error(`Bedrock provider ${setup.name}: the region option is required (e.g. us-east-1)`);
  }
  // An AWS host (or none) means the regional runtime endpoint; any other base URL
  // (a VPC endpoint, a proxy, a test double) is used as it is.
  const aws = setup.baseUrl.hostname === '' || setup.baseUrl.hostname.endsWith('.amazonaws.com');
  const origin = aws
    ? new URL(`https://bedrock-runtime.${region}.amazonaws.com`)
    : new URL(setup.baseUrl.origin);
  return { origin, basePath: aws ? '' : setup.basePath, auth: bedrockAuth(setup, region) };
}

async function post(
  state: BedrockState,
  path: string,
  body: string,
  accept: string,
): Promise<UpstreamRequest> {
  const headers = await authorize(state.auth, state.origin, path, body, {
    'content-type': 'application/json',
    accept,
  });
  return { origin: state.origin.origin, path, headers, body };
}

function modelPath(state: BedrockState, model: unknown, operation: string): string {
  if (typeof model !== 'string' || model === '') throw new Error('Bedrock: no model id');
  return `${state.basePath}/model/${encodeURIComponent(model)}/${operation}`;
}

/**
 * AWS Bedrock's Converse API (`/model/{modelId}/converse`, `/converse-stream` with the
 * binary event stream), SigV4-signed, and InvokeModel for Titan and Cohere embeddings.
 */
export const bedrockAdapter = {
  kind: 'bedrock',
  prepare,
  chatRequest: (state, body, stream) =>
    post(
      state,
      modelPath(state, body.model, stream ? 'converse-stream' : 'converse'),
      converseBody(body),
      stream ? 'application/vnd.amazon.eventstream' : 'application/json',
    ),
  chatResponse: converseResponse,
  chatStream: (model): StreamTranslator => new ConverseStream(model),
  errorResponse: bedrockErrorResponse,
  embeddingsRequest: (state, body) =>
    post(state, modelPath(state, body.model, 'invoke'), bedrockEmbedBody(body), 'application/json'),
  embeddingsResponse: bedrockEmbedResponse,
} satisfies ProviderAdapter<BedrockState>;
