import {
  applyMatches,
  mergeMatches,
  type GuardrailVerdict,
  type PolicyCheck,
  type TextMatch,
} from '@switchyard/proto';
import type { MappedError, TokenUsage } from '../providers/adapter-types';
import type { ProviderTarget } from '../snapshot/compiled';
import type { StreamSink } from '../upstream/attempt';
import { ArgumentScanner } from './argument-scanner';
import { guardrailError, type RequestGuard } from './request-guard';
import { completionTexts } from './texts';

type FunctionDelta = { name?: unknown; arguments?: unknown };
type ToolCallDelta = { index?: number; function?: FunctionDelta | null };
type Delta = {
  content?: unknown;
  role?: unknown;
  tool_calls?: unknown;
  function_call?: FunctionDelta | null;
  refusal?: unknown;
};
type Choice = { index?: number; delta?: Delta; finish_reason?: unknown };

/** Text not released yet: what a match could still span. */
interface Held {
  text: string;
}

/** One tool call's arguments in a stream: as the upstream sent them, and the scanner checking them as they flow. */
interface StreamedCall {
  raw: string;
  /** Null when no check acts on the flow (the arguments pass as they came). */
  scanner: ArgumentScanner | null;
}

/** The slot of a choice's legacy `function_call`, beside its tool calls (indexed from 0). */
const FUNCTION_CALL = -1;

/** Output checks that act on a stream as it flows: those that find text and redact or deny it. */
export function streamingChecks(guard: RequestGuard): { check: PolicyCheck; policy: string }[] {
  const out: { check: PolicyCheck; policy: string }[] = [];
  for (const policy of guard.pipeline.policies)
    for (const check of policy.output)
      if (check.check.find && (check.action === 'redact' || check.action === 'deny'))
        out.push({ check, policy: policy.name });
  return out;
}

/**
 * A stream's output guardrails, between the router and the client. Redacting and denying
 * checks that can find text run on the text as it flows: each choice holds back only its
 * last `holdback` characters (the longest match a check can span), so a match split across
 * chunks is still caught; text before that is released, redacted. A denying match ends the
 * stream at once with an error event (the upstream is cancelled) before the match is sent.
 *
 * Tool calls' arguments get the same, per choice and tool call index: an `ArgumentScanner`
 * decodes each string (and reads each number) of the JSON as its fragments arrive, and each
 * string is held back and released the same way, re-encoded, so the arguments stay JSON. A
 * string's hold-back is released when its closing quote arrives (it cannot grow further);
 * a number is held until it ends. When a choice starts a tool call, its text and earlier
 * calls are taken to be complete (upstreams send them one after another) and release what
 * they hold.
 *
 * Every other check runs on the whole text (tool calls' arguments included) when the
 * upstream ends; when one denies, the stream ends with an error event instead of its
 * normal end (the text is already sent).
 */
export class GuardedStream implements StreamSink {
  private readonly held = new Map<number, Held>();
  private readonly assembled = new Map<number, string>();
  private readonly calls = new Map<number, Map<number, StreamedCall>>();
  private readonly holdback: number;
  private ended = false;
  /** Set when the upstream ended: what is still held is released redacted, never denied (the final checks deny). */
  private draining = false;
  /** Set once the upstream ended: resolves when the end-of-stream checks ran and the client's stream was closed. */
  closing: Promise<void> | null = null;

  constructor(
    private readonly inner: StreamSink,
    private readonly guard: RequestGuard,
    private readonly live: { check: PolicyCheck; policy: string }[],
    /** Cancels the upstream (a denial mid-stream). */
    private readonly cancel: () => void,
  ) {
    this.holdback = Math.max(0, ...live.map((l) => l.check.check.maxMatchLength ?? 256));
  }

  open(target: ProviderTarget): void {
    this.inner.open(target);
  }

  onDrain(resume: () => void): void {
    this.inner.onDrain(resume);
  }

  write(chunks: Record<string, unknown>[]): boolean {
    if (this.ended) return true;
    const out: Record<string, unknown>[] = [];
    for (const chunk of chunks) {
      const choices = chunk.choices as Choice[] | undefined;
      if (!Array.isArray(choices) || choices.length === 0) {
        out.push(chunk);
        continue;
      }
      let keep = false;
      for (const choice of choices) {
        const index = choice.index ?? 0;
        const delta = choice.delta;
        const finished = choice.finish_reason !== null && choice.finish_reason !== undefined;
        if (delta && typeof delta.content === 'string' && delta.content !== '') {
          this.assembled.set(index, (this.assembled.get(index) ?? '') + delta.content);
          const released = this.advance(this.heldText(index), delta.content, finished, 'the stream');
          if (released === null) return true;
          delta.content = released;
        } else if (finished && this.held.get(index)?.text) {
          const released = this.advance(this.heldText(index), '', true, 'the stream');
          if (released === null) return true;
          if (delta) delta.content = released;
          else choice.delta = { content: released };
        }
        if (delta && (delta.tool_calls || delta.function_call) && !this.scanCalls(index, delta)) return true;
        if (finished && this.calls.has(index) && !this.flushCalls(index, choice)) return true;
        const d = choice.delta;
        if (finished || (d && (d.content || d.role || d.tool_calls || d.function_call || d.refusal)))
          keep = true;
      }
      if (keep || chunk.usage) out.push(chunk);
    }
    return out.length ? this.inner.write(out) : true;
  }

  private heldText(index: number): Held {
    let held = this.held.get(index);
    if (!held) this.held.set(index, (held = { text: '' }));
    return held;
  }

  /** Checks the argument fragments of a delta, rewriting them in place; false when a denying check matched. */
  private scanCalls(index: number, delta: Delta): boolean {
    if (Array.isArray(delta.tool_calls))
      for (const call of [...(delta.tool_calls as (ToolCallDelta | null)[])]) {
        if (!call) continue;
        const slot = call.index ?? 0;
        if (!this.calls.get(index)?.has(slot) && !this.startCall(index, slot, delta)) return false;
        if (call.function && !this.scanArguments(index, slot, call.function)) return false;
      }
    const legacy = delta.function_call;
    if (!legacy) return true;
    if (!this.calls.get(index)?.has(FUNCTION_CALL) && !this.startCall(index, FUNCTION_CALL, delta))
      return false;
    return this.scanArguments(index, FUNCTION_CALL, legacy);
  }

  /**
   * A choice starts a tool call. Upstreams send a choice's text, then its calls, one after
   * another, so what came before is complete: the text and earlier calls release what they
   * hold, into this delta ahead of the new call (clients' encoders close a block when the
   * next one starts). False when a denying check matched.
   */
  private startCall(index: number, slot: number, delta: Delta): boolean {
    const held = this.held.get(index);
    if (held?.text) {
      const released = this.advance(held, '', true, 'the stream');
      if (released === null) return false;
      delta.content = (typeof delta.content === 'string' ? delta.content : '') + released;
    }
    let calls = this.calls.get(index);
    if (!calls) this.calls.set(index, (calls = new Map()));
    for (const [other, call] of calls) {
      const rest = call.scanner ? call.scanner.flush() : '';
      if (rest === null) return false;
      if (rest !== '') addArguments(delta, other, rest, true);
    }
    const callHeld: Held = { text: '' };
    const scanner = this.live.length
      ? new ArgumentScanner((text, last) => this.advance(callHeld, text, last, "a tool call's arguments"))
      : null;
    calls.set(slot, { raw: '', scanner });
    return true;
  }

  private scanArguments(index: number, slot: number, fn: FunctionDelta): boolean {
    const args = fn.arguments;
    if (typeof args !== 'string' || args === '') return true;
    const call = this.calls.get(index)!.get(slot)!;
    call.raw += args;
    if (!call.scanner) return true;
    const released = call.scanner.write(args);
    if (released === null) return false;
    fn.arguments = released;
    return true;
  }

  /**
   * Releases what a choice's tool calls still hold (a number at the very end of the
   * arguments, or arguments that stopped mid-string) into its delta; false when denied.
   */
  private flushCalls(index: number, choice: Choice): boolean {
    for (const [slot, call] of this.calls.get(index)!) {
      const rest = call.scanner ? call.scanner.flush() : '';
      if (rest === null) return false;
      if (rest !== '') addArguments((choice.delta ??= {}), slot, rest, false);
    }
    return true;
  }

  /**
   * Adds text to pending text and returns what can be released, redacted; null when a
   * denying check matched (the stream has been ended).
   */
  private advance(held: Held, text: string, flush: boolean, where: string): string | null {
    const pending = held.text + text;
    if (this.draining) {
      held.text = '';
      return applyMatches(
        pending,
        this.live.flatMap(({ check }) => check.check.find!(pending)),
      );
    }
    const matches: TextMatch[] = [];
    for (const { check, policy } of this.live) {
      const found = check.check.find!(pending);
      if (found.length === 0) continue;
      if (check.action === 'deny') {
        const verdict = {
          policy,
          check: check.name,
          stage: 'output' as const,
          verdict: 'deny' as const,
          detail: `${found.length} match(es) found in ${where}`,
        };
        this.deny(guardrailError(verdict), verdict);
        return null;
      }
      matches.push(...found);
    }
    let cut = flush ? pending.length : Math.max(0, pending.length - this.holdback);
    const merged = mergeMatches(matches);
    for (const m of merged) if (m.end > cut && m.start < cut) cut = m.start;
    held.text = pending.slice(cut);
    return applyMatches(
      pending.slice(0, cut),
      merged.filter((m) => m.end <= cut),
    );
  }

  private deny(error: MappedError, verdict: GuardrailVerdict): void {
    this.ended = true;
    this.guard.record([verdict]);
    this.cancel();
    this.inner.close(null, error);
  }

  close(usage: TokenUsage | null, error: MappedError | null): void {
    if (this.ended) return;
    this.ended = true;
    if (error) {
      this.inner.close(usage, error);
      return;
    }
    // Whatever is still held back (an upstream that sent no finish_reason), redacted.
    this.draining = true;
    const rest: Record<string, unknown>[] = [];
    for (const index of new Set([...this.held.keys(), ...this.calls.keys()])) {
      const choice: Choice = { index, delta: {}, finish_reason: null };
      const held = this.held.get(index);
      if (held?.text) choice.delta!.content = this.advance(held, '', true, 'the stream');
      if (this.calls.has(index)) this.flushCalls(index, choice);
      if (Object.keys(choice.delta!).length)
        rest.push({ object: 'chat.completion.chunk', choices: [choice] });
    }
    if (rest.length) this.inner.write(rest);
    this.closing = this.guard.outputText(completionTexts({ choices: this.answer() })).then(
      (denied) => this.inner.close(usage, denied),
      () => this.inner.close(usage, null),
    );
  }

  /** The streamed answer as a completion's choices (as the upstream sent it), for the end-of-stream checks. */
  private answer(): { message: Record<string, unknown> }[] {
    const indexes = [...new Set([...this.assembled.keys(), ...this.calls.keys()])].sort((a, b) => a - b);
    return indexes.map((index) => {
      const message: Record<string, unknown> = { content: this.assembled.get(index) ?? null };
      const calls = [...(this.calls.get(index) ?? [])].sort(([a], [b]) => a - b);
      const toolCalls = calls.filter(([slot]) => slot !== FUNCTION_CALL);
      if (toolCalls.length)
        message.tool_calls = toolCalls.map(([, c]) => ({ function: { arguments: c.raw } }));
      const legacy = calls.find(([slot]) => slot === FUNCTION_CALL);
      if (legacy) message.function_call = { arguments: legacy[1].raw };
      return { message };
    });
  }
}

/**
 * Adds released arguments text for a call to a delta: after the fragment the delta already
 * carries for that call, else as an entry of its own, first (`ahead`) or last.
 */
function addArguments(delta: Delta, slot: number, text: string, ahead: boolean): void {
  if (slot === FUNCTION_CALL) {
    const fn = (delta.function_call ??= {});
    fn.arguments = (typeof fn.arguments === 'string' ? fn.arguments : '') + text;
    return;
  }
  const calls = (
    Array.isArray(delta.tool_calls) ? delta.tool_calls : (delta.tool_calls = [])
  ) as ToolCallDelta[];
  const call = calls.find((c) => (c?.index ?? 0) === slot);
  if (call?.function && typeof call.function.arguments === 'string') call.function.arguments += text;
  else if (ahead) calls.unshift({ index: slot, function: { arguments: text } });
  else calls.push({ index: slot, function: { arguments: text } });
}
