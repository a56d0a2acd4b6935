import type { ChatBody } from '../providers/adapter-types';

type Part = { type?: unknown; text?: unknown };
type Message = { content?: unknown };

/** The text of every message of a canonical request (string contents and text parts), joined by blank lines. */
export function requestText(body: ChatBody): string {
  const out: string[] = [];
  for (const m of (body.messages as Message[] | undefined) ?? []) {
    const c = m?.content;
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c))
      for (const part of c as Part[])
        if (part?.type === 'text' && typeof part.text === 'string') out.push(part.text);
  }
  return out.join('\n\n');
}

/** Rewrites every message text of a canonical request in place. */
export function rewriteRequest(body: ChatBody, rewrite: (text: string) => string): void {
  for (const m of (body.messages as Message[] | undefined) ?? []) {
    if (!m) continue;
    if (typeof m.content === 'string') m.content = rewrite(m.content);
    else if (Array.isArray(m.content))
      for (const part of m.content as Part[])
        if (part?.type === 'text' && typeof part.text === 'string') part.text = rewrite(part.text);
  }
}

type Choice = { message?: { content?: unknown } };

/** The text of a `chat.completion`'s choices, joined by blank lines. */
export function completionTexts(completion: Record<string, unknown>): string {
  const out: string[] = [];
  for (const c of (completion.choices as Choice[] | undefined) ?? [])
    if (typeof c?.message?.content === 'string') out.push(c.message.content);
  return out.join('\n\n');
}

/** Rewrites every choice's text of a `chat.completion` in place. */
export function rewriteCompletion(
  completion: Record<string, unknown>,
  rewrite: (text: string) => string,
): void {
  for (const c of (completion.choices as Choice[] | undefined) ?? [])
    if (c?.message && typeof c.message.content === 'string') c.message.content = rewrite(c.message.content);
}
