import { randomBytes } from 'node:crypto';
import { UpstreamProtocolError, type TranslatedCompletion } from '../adapter-types';
import { tryParseObject, type JsonObject } from '../openai-shape';
import { blockedMessage, readCandidate } from './candidate';
import { toFinishReason } from './finish-reason';
import type { GeminiCandidate, GeminiResponse } from './gemini-wire';
import { readUsageMetadata } from './usage';

/** An OpenAI completion id for a Gemini answer: its `responseId` when it has one. */
export function completionId(responseId: unknown): string {
  return `chatcmpl-${typeof responseId === 'string' && responseId ? responseId : randomBytes(12).toString('base64url')}`;
}

function choice(candidate: GeminiCandidate, fallbackIndex: number): JsonObject {
  const { text, reasoning, toolCalls } = readCandidate(candidate);
  const message: JsonObject = {
    role: 'assistant',
    content: text === '' && (toolCalls.length > 0 || reasoning !== '') ? null : text,
    refusal: null,
  };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    index: typeof candidate.index === 'number' ? candidate.index : fallbackIndex,
    message,
    logprobs: null,
    finish_reason: toFinishReason(candidate.finishReason, toolCalls.length > 0),
  };
}

/**
 * A Gemini `GenerateContentResponse` → an OpenAI `chat.completion`. A prompt blocked
 * before any candidate was made (`promptFeedback.blockReason`) answers one choice with
 * `finish_reason: "content_filter"` and the reason as its `refusal`.
 */
export function toChatCompletion(body: Buffer, model: string): TranslatedCompletion {
  const parsed = tryParseObject(body.toString('utf8'));
  if (!parsed) throw new UpstreamProtocolError('Gemini answer: not a JSON object');
  const response = parsed as GeminiResponse;
  const candidates = response.candidates;
  let choices: JsonObject[];
  if (Array.isArray(candidates) && candidates.length > 0) {
    choices = candidates.map((c, i) => choice(c, i));
  } else {
    const blocked = blockedMessage(response.promptFeedback);
    if (!blocked) throw new UpstreamProtocolError('Gemini answer: no candidates and no block reason');
    choices = [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: blocked },
        logprobs: null,
        finish_reason: 'content_filter',
      },
    ];
  }
  const usage = readUsageMetadata(response.usageMetadata);
  const completion: JsonObject = {
    id: completionId(response.responseId),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof response.modelVersion === 'string' && response.modelVersion ? response.modelVersion : model,
    choices,
  };
  if (usage) completion.usage = usage.openai;
  return { completion, usage: usage?.tokens ?? null };
}
