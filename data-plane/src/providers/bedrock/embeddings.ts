import { GatewayError } from '../../errors';
import { UpstreamProtocolError, type EmbeddingsBody, type TranslatedEmbeddings } from '../adapter-types';
import { embeddingsInputs, embeddingsList, isObject, parseUpstreamObject } from '../openai-shape';

const isCohere = (model: string) => /(^|\.)cohere\.embed/.test(model);

/**
 * The InvokeModel body for an embeddings model: Cohere on Bedrock (`cohere.embed-*`)
 * takes a batch of `texts`; Titan (`amazon.titan-embed-*`) takes one `inputText` per call,
 * so Titan requests are limited to one input.
 */
export function bedrockEmbedBody(body: EmbeddingsBody): string {
  const model = String(body.model ?? '');
  const inputs = embeddingsInputs(body);
  if (isCohere(model)) {
    const input_type = typeof body.input_type === 'string' ? body.input_type : 'search_document';
    return JSON.stringify({ texts: inputs, input_type });
  }
  if (inputs.length !== 1) {
    throw new GatewayError(
      'invalid_value',
      'Bedrock Titan embeddings take one input per request; send the inputs one at a time.',
      'input',
    );
  }
  const out: Record<string, unknown> = { inputText: inputs[0] };
  if (typeof body.dimensions === 'number') out.dimensions = body.dimensions;
  return JSON.stringify(out);
}

/** Titan's `{embedding, inputTextTokenCount}` or Cohere's `{embeddings}` as OpenAI's list. */
export function bedrockEmbedResponse(body: Buffer, model: string): TranslatedEmbeddings {
  const answer = parseUpstreamObject(body, 'Bedrock embeddings');
  if (Array.isArray(answer.embedding)) {
    const tokens = typeof answer.inputTextTokenCount === 'number' ? answer.inputTextTokenCount : 0;
    return embeddingsList([answer.embedding], model, tokens);
  }
  const embeddings = isObject(answer.embeddings) ? answer.embeddings.float : answer.embeddings;
  if (Array.isArray(embeddings)) return embeddingsList(embeddings, model, 0);
  throw new UpstreamProtocolError('Bedrock embeddings: the answer has no embedding');
}
