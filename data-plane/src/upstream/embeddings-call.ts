import { tokensForChars } from '../chat/token-estimate';
import { GatewayError } from '../errors';
import { mappedError } from '../inbound/mapped-error';
import {
  UpstreamProtocolError,
  type EmbeddingsBody,
  type TranslatedEmbeddings,
  type UpstreamRequest,
} from '../providers/adapter-types';
import type { CompiledProvider, CostOf } from '../snapshot/compiled';
import type { RequestTrace } from '../telemetry/request-trace';
import { failure, networkFailure, protocolError, type AttemptFailure } from './attempt';
import { bufferedCall, type BufferedAnswer } from './buffered-call';

/**
 * Where an embeddings call goes: a provider account, the upstream model and that model's
 * price. A route's provider target is one; so is the embedder of a semantic route or cache.
 */
export interface EmbeddingsTarget {
  provider: CompiledProvider;
  model: string;
  costOf: CostOf;
  /** `provider name/model`, as headers and spans name it. */
  label: string;
}

/** A successful embeddings call: OpenAI's list, and what it cost. */
export interface EmbeddingsSuccess {
  ok: true;
  /** OpenAI's `{ object: 'list', data: [{ index, embedding }], model, usage }`. */
  response: Record<string, unknown>;
  /** The provider's count, or an estimate from the input when it reported none (`tokensEstimated`). */
  inputTokens: number;
  tokensEstimated: boolean;
  /** `inputTokens` at the target's price, in micro-USD (0 when the model has no price). */
  costMicroUsd: number;
}

/** How an embeddings call ended; failures are classified as chat attempts are, for fallback policies. */
export type EmbeddingsResult = EmbeddingsSuccess | AttemptFailure;

/** Adds trace context to the upstream request's headers (set only while tracing). */
export type Propagate = (headers: Record<string, string>) => Record<string, string>;

/**
 * One embeddings call to one provider target, priced: what `POST /v1/embeddings` tries for
 * each target of its route, and what a semantic route or the semantic cache makes to embed
 * a request. Never throws. While the request is traced the call gets its own client span
 * (`embeddings {model}`) whose `traceparent` goes upstream.
 */
export function callEmbeddings(
  target: EmbeddingsTarget,
  body: EmbeddingsBody,
  timeoutMs: number,
  trace: RequestTrace | null | undefined,
): Promise<EmbeddingsResult> {
  if (trace) return trace.embeddings(target, (propagate) => exchange(target, body, timeoutMs, propagate));
  return exchange(target, body, timeoutMs, null);
}

async function exchange(
  target: EmbeddingsTarget,
  body: EmbeddingsBody,
  timeoutMs: number,
  propagate: Propagate | null,
): Promise<EmbeddingsResult> {
  const { provider } = target;
  if (provider.problem !== null) {
    return failure('unsupported', {
      status: 502,
      type: 'server_error',
      code: 'provider_misconfigured',
      message: `The route's provider ${provider.problem}`,
    });
  }
  const adapter = provider.adapter;
  if (!adapter?.embeddingsRequest || !adapter.embeddingsResponse) {
    return failure('unsupported', {
      status: 400,
      type: 'invalid_request_error',
      code: 'embeddings_unsupported',
      message: `Provider kind ${provider.kind} has no embeddings API in this gateway.`,
    });
  }
  let request: UpstreamRequest;
  let answer: BufferedAnswer;
  try {
    request = await adapter.embeddingsRequest(provider.state, body);
  } catch (err) {
    // Input the provider cannot express is the client's error, not the target's.
    if (err instanceof GatewayError) return failure('status', mappedError(err));
    return failure('connection', {
      status: 502,
      type: 'server_error',
      code: 'upstream_error',
      message: `The embeddings call failed: ${(err as Error).message}`,
    });
  }
  try {
    if (propagate) request = { ...request, headers: propagate(request.headers) };
    answer = await bufferedCall(provider, request, timeoutMs);
  } catch (err) {
    return networkFailure(err, timeoutMs);
  }
  if (answer.status < 200 || answer.status >= 300) {
    return failure(
      'status',
      adapter.errorResponse(answer.status, answer.headers, answer.body),
      answer.status,
    );
  }
  let translated: TranslatedEmbeddings;
  try {
    translated = adapter.embeddingsResponse(answer.body, target.model);
  } catch (err) {
    const detail = err instanceof UpstreamProtocolError ? err.message : 'the answer could not be translated';
    return failure('protocol', protocolError(detail), answer.status);
  }
  const reported = translated.usage;
  const inputTokens = reported ? reported.promptTokens : embeddingInputTokens(body.input);
  return {
    ok: true,
    response: translated.response,
    inputTokens,
    tokensEstimated: reported === null,
    costMicroUsd: target.costOf(
      reported ?? { promptTokens: inputTokens, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 },
    ),
  };
}

/** Estimated tokens of an embeddings `input` (strings by characters, token arrays by length). */
export function embeddingInputTokens(input: unknown): number {
  const items = Array.isArray(input) ? input : [input];
  let tokens = 0;
  for (const item of items) {
    if (typeof item === 'string') tokens += tokensForChars(item.length);
    else if (Array.isArray(item)) tokens += item.length;
    else tokens += 1;
  }
  return tokens;
}
