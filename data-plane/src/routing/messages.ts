import type { ChatBody } from '../providers/adapter-types';

/** The text of a message `content`: a string, or the text parts of an array joined by newlines. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const part of content) {
    const text = (part as { text?: unknown } | null)?.text;
    if (typeof text === 'string') parts.push(text);
  }
  return parts.join('\n');
}

/** The text of the last user message of a chat request ('' when there is none). */
export function lastUserText(body: ChatBody): string {
  const messages = body.messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role === 'user') return contentText(m.content);
  }
  return '';
}

/** The assistant text of a `chat.completion` (first choice). */
export function completionText(completion: Record<string, unknown>): string {
  const choices = completion.choices;
  if (!Array.isArray(choices) || choices.length === 0) return '';
  const message = (choices[0] as { message?: { content?: unknown } } | null)?.message;
  return contentText(message?.content);
}
