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
import { guardrailError, type RequestGuard } from './request-guard';

type Delta = { content?: unknown; role?: unknown; tool_calls?: unknown; refusal?: unknown };
type Choice = { index?: number; delta?: Delta; finish_reason?: unknown };

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
 * Every other check runs on the whole text when the upstream ends; when one denies, the
 * stream ends with an error event instead of its normal end (the text is already sent).
 */
export class GuardedStream implements StreamSink {
  private readonly pending = new Map<number, string>();
  private readonly assembled = new Map<number, string>();
  private readonly holdback: number;
  private ended = false;
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
          const released = this.advance(index, delta.content, finished);
          if (released === null) return true;
          delta.content = released;
        } else if (finished && this.pending.get(index)) {
          const released = this.advance(index, '', true);
          if (released === null) return true;
          if (delta) delta.content = released;
          else choice.delta = { content: released };
        }
        const d = choice.delta;
        if (finished || (d && (d.content || d.role || d.tool_calls || d.refusal))) keep = true;
      }
      if (keep || chunk.usage) out.push(chunk);
    }
    return out.length ? this.inner.write(out) : true;
  }

  /**
   * Adds text to a choice's pending text and returns what can be released, redacted; null
   * when a denying check matched (the stream has been ended).
   */
  private advance(index: number, text: string, flush: boolean): string | null {
    const pending = (this.pending.get(index) ?? '') + text;
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
          detail: `${found.length} match(es) found in the stream`,
        };
        this.deny(guardrailError(verdict), verdict);
        return null;
      }
      matches.push(...found);
    }
    let cut = flush ? pending.length : Math.max(0, pending.length - this.holdback);
    const merged = mergeMatches(matches);
    for (const m of merged) if (m.end > cut && m.start < cut) cut = m.start;
    this.pending.set(index, pending.slice(cut));
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
    // Whatever is still held back (an upstream that sent no finish_reason).
    const rest: Record<string, unknown>[] = [];
    for (const [index, text] of this.pending) {
      if (!text) continue;
      const released = this.advanceFinal(index, text);
      rest.push({
        object: 'chat.completion.chunk',
        choices: [{ index, delta: { content: released }, finish_reason: null }],
      });
    }
    if (rest.length) this.inner.write(rest);
    const text = [...this.assembled.keys()]
      .sort((a, b) => a - b)
      .map((i) => this.assembled.get(i))
      .join('\n\n');
    this.closing = this.guard.outputText(text).then(
      (denied) => this.inner.close(usage, denied),
      () => this.inner.close(usage, null),
    );
  }

  private advanceFinal(index: number, text: string): string {
    this.pending.set(index, '');
    const matches = this.live.flatMap(({ check }) => check.check.find!(text));
    return applyMatches(text, matches);
  }
}
