import { isObject, type JsonObject } from '../openai-shape';

function textOf(parts: unknown): string {
  if (typeof parts === 'string') return parts;
  if (!Array.isArray(parts)) return '';
  let text = '';
  for (const part of parts) if (isObject(part) && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * Reasoning models (Magistral) send `content` as a list of chunks, `thinking` among
 * them; OpenAI clients expect a string. Text chunks are joined into `content`, thinking
 * into `reasoning_content`. String content is left as it is.
 */
export function flattenContent(message: JsonObject): void {
  const content = message.content;
  if (!Array.isArray(content)) return;
  let text = '';
  let thinking = '';
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === 'thinking') thinking += textOf(part.thinking);
    else if (typeof part.text === 'string') text += part.text;
  }
  message.content = text;
  if (thinking) message.reasoning_content = thinking;
}

/** Applies `flattenContent` to each choice's `message` or `delta`. */
export function flattenChoices(answer: JsonObject, field: 'message' | 'delta'): void {
  if (!Array.isArray(answer.choices)) return;
  for (const choice of answer.choices) {
    if (isObject(choice) && isObject(choice[field])) flattenContent(choice[field]);
  }
}
