import { isObject, type JsonObject } from '../openai-shape';
import type { GeminiCandidate } from './gemini-wire';
import { toolCallId } from './tool-call-ids';

/** What one candidate (or one streamed piece of it) says, in OpenAI's terms. */
export interface CandidateOutput {
  text: string;
  reasoning: string;
  toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

/**
 * Reads a candidate's parts: text, thoughts (`thought: true` parts, as reasoning) and
 * function calls (as tool calls with fresh ids that carry any thought signature).
 */
export function readCandidate(candidate: GeminiCandidate): CandidateOutput {
  const out: CandidateOutput = { text: '', reasoning: '', toolCalls: [] };
  const parts = candidate.content?.parts;
  if (!Array.isArray(parts)) return out;
  for (const part of parts) {
    if (!isObject(part)) continue;
    if (typeof part.text === 'string') {
      if (part.thought === true) out.reasoning += part.text;
      else out.text += part.text;
    } else if (isObject(part.functionCall) && typeof part.functionCall.name === 'string') {
      const args: JsonObject = isObject(part.functionCall.args) ? part.functionCall.args : {};
      const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
      out.toolCalls.push({
        id: toolCallId(signature),
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(args) },
      });
    }
  }
  return out;
}

/** The message a prompt blocked by Google's filters gets instead of an answer. */
export function blockedMessage(feedback: unknown): string | null {
  if (!isObject(feedback) || typeof feedback.blockReason !== 'string') return null;
  const detail = typeof feedback.blockReasonMessage === 'string' ? `: ${feedback.blockReasonMessage}` : '';
  return `The prompt was blocked by Google's content filters (${feedback.blockReason})${detail}.`;
}
