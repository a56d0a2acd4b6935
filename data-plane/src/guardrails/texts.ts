import type { ChatBody } from '../providers/adapter-types';
import { ArgumentScanner } from './argument-scanner';

type Part = { type?: unknown; text?: unknown };
type Call = { function?: { arguments?: unknown } | null };
/** A request message or an answer's message: its text, and the tool calls it makes (`function_call`: the legacy form). */
type Message = { content?: unknown; tool_calls?: unknown; function_call?: { arguments?: unknown } | null };

/**
 * What checks read of a tool call's `arguments` (JSON text): every string in it (keys and
 * values, decoded) and every number, one per line (see `ArgumentScanner`).
 */
export function argumentsText(args: string): string {
  const out: string[] = [];
  let value = '';
  const scanner = new ArgumentScanner((text, last) => {
    value += text;
    if (last) {
      if (value !== '') out.push(value);
      value = '';
    }
    return text;
  });
  scanner.write(args);
  scanner.flush();
  return out.join('\n');
}

/**
 * `args` with every value checks read rewritten (strings re-encoded, a changed number
 * becoming a string), so JSON stays JSON; `args` itself when nothing changed.
 */
export function rewriteArguments(args: string, rewrite: (text: string) => string): string {
  let value = '';
  let changed = false;
  const scanner = new ArgumentScanner((text, last) => {
    value += text;
    if (!last) return '';
    const rewritten = rewrite(value);
    if (rewritten !== value) changed = true;
    value = '';
    return rewritten;
  });
  const out = scanner.write(args)! + scanner.flush()!;
  return changed ? out : args;
}

/** Calls `f` with each `{arguments}` holder of a message whose arguments are a non-empty string. */
function eachArguments(m: Message, f: (holder: { arguments: string }) => void): void {
  if (Array.isArray(m.tool_calls))
    for (const call of m.tool_calls as Call[]) {
      const fn = call?.function;
      if (fn && typeof fn.arguments === 'string' && fn.arguments !== '') f(fn as { arguments: string });
    }
  const legacy = m.function_call;
  if (legacy && typeof legacy.arguments === 'string' && legacy.arguments !== '')
    f(legacy as { arguments: string });
}

function pushArgumentTexts(m: Message, out: string[]): void {
  eachArguments(m, (fn) => {
    const text = argumentsText(fn.arguments);
    if (text !== '') out.push(text);
  });
}

/**
 * The text of every message of a canonical request (string contents and text parts, then
 * the arguments of an assistant message's tool calls), joined by blank lines.
 */
export function requestText(body: ChatBody): string {
  const out: string[] = [];
  for (const m of (body.messages as Message[] | undefined) ?? []) {
    if (!m) continue;
    const c = m.content;
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c))
      for (const part of c as Part[])
        if (part?.type === 'text' && typeof part.text === 'string') out.push(part.text);
    if (m.tool_calls || m.function_call) pushArgumentTexts(m, out);
  }
  return out.join('\n\n');
}

/** Rewrites every message text and tool call's arguments of a canonical request in place. */
export function rewriteRequest(body: ChatBody, rewrite: (text: string) => string): void {
  for (const m of (body.messages as Message[] | undefined) ?? []) {
    if (!m) continue;
    if (typeof m.content === 'string') m.content = rewrite(m.content);
    else if (Array.isArray(m.content))
      for (const part of m.content as Part[])
        if (part?.type === 'text' && typeof part.text === 'string') part.text = rewrite(part.text);
    if (m.tool_calls || m.function_call)
      eachArguments(m, (fn) => (fn.arguments = rewriteArguments(fn.arguments, rewrite)));
  }
}

type Choice = { message?: Message | null };

/** The text of a `chat.completion`'s choices (each one's text, then its tool calls' arguments), joined by blank lines. */
export function completionTexts(completion: Record<string, unknown>): string {
  const out: string[] = [];
  for (const c of (completion.choices as Choice[] | undefined) ?? []) {
    const m = c?.message;
    if (!m) continue;
    if (typeof m.content === 'string') out.push(m.content);
    if (m.tool_calls || m.function_call) pushArgumentTexts(m, out);
  }
  return out.join('\n\n');
}

/** Rewrites every choice's text and tool call's arguments of a `chat.completion` in place. */
export function rewriteCompletion(
  completion: Record<string, unknown>,
  rewrite: (text: string) => string,
): void {
  for (const c of (completion.choices as Choice[] | undefined) ?? []) {
    const m = c?.message;
    if (!m) continue;
    if (typeof m.content === 'string') m.content = rewrite(m.content);
    if (m.tool_calls || m.function_call)
      eachArguments(m, (fn) => (fn.arguments = rewriteArguments(fn.arguments, rewrite)));
  }
}
