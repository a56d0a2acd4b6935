import {
  redactText,
  runStage,
  type CompiledPolicy,
  type GuardrailSubject,
  type GuardrailVerdict,
} from '@switchyard/proto';
import { ERRORS } from '../errors';
import type { ChatBody, MappedError } from '../providers/adapter-types';
import type { GuardrailPipeline } from './guardrail-index';
import { completionTexts, requestText, rewriteCompletion, rewriteRequest } from './texts';

/** The response header listing the checks that did not pass: `stage:policy/check=verdict, …` (names URL-encoded). */
export const VERDICTS_HEADER = 'x-switchyard-guardrails';

/** The error a denial answers with: 400 on input, 422 on output, naming the policy and check. */
export function guardrailError(v: GuardrailVerdict): MappedError & { param: null } {
  const stage = v.stage === 'input' ? 'request' : 'response';
  return {
    status: v.stage === 'input' ? ERRORS.guardrail_denied.status : 422,
    type: ERRORS.guardrail_denied.type,
    code: 'guardrail_denied',
    message: `The ${stage} was denied by guardrail policy "${v.policy}", check "${v.check}"${v.detail ? `: ${v.detail}` : ''}.`,
    param: null,
  };
}

/** Where a request's verdicts go: metrics now, the usage record when the request ends. */
export interface VerdictSink {
  verdict(v: GuardrailVerdict): void;
}

/**
 * One request's guardrails: runs its pipeline's input checks on the canonical request
 * (redacting in place before routing) and its output checks on the answer, and keeps the
 * verdicts for the response header and the usage record.
 *
 * Policies in `async` mode never hold the request up: their checks start when the stage's
 * text is known and finish on their own; their verdicts (all `flag`) go to metrics and the
 * usage record, which waits for them (`settled`), never to the response headers.
 */
export class RequestGuard {
  readonly verdicts: GuardrailVerdict[] = [];
  private readonly sync: readonly CompiledPolicy[];
  private readonly async: readonly CompiledPolicy[];
  private readonly running: Promise<void>[] = [];
  private readonly inHeader = new Set<GuardrailVerdict>();

  constructor(
    readonly pipeline: GuardrailPipeline,
    private readonly base: Omit<GuardrailSubject, 'stage' | 'text'>,
    private readonly sink: VerdictSink,
  ) {
    this.sync = pipeline.policies.filter((p) => p.mode !== 'async');
    this.async = pipeline.policies.filter((p) => p.mode === 'async');
  }

  /** Resolves when every async check started so far has finished. */
  settled(): Promise<void> {
    return Promise.allSettled(this.running).then(() => undefined);
  }

  private runAsync(stage: 'input' | 'output', subject: GuardrailSubject): void {
    if (!this.async.some((p) => (stage === 'input' ? p.input : p.output).length > 0)) return;
    this.running.push(runStage(this.async, stage, subject).then((r) => this.record(r.verdicts, false)));
  }

  /** Runs the input stage; redacts `body` in place. Returns the denial, or null to go on. */
  async input(body: ChatBody): Promise<MappedError | null> {
    if (!this.pipeline.hasInput) return null;
    const max = body.max_completion_tokens ?? body.max_tokens;
    const { denied, redact } = await this.inputText(requestText(body), {
      messageCount: Array.isArray(body.messages) ? body.messages.length : 0,
      maxTokens: typeof max === 'number' ? max : null,
    });
    if (denied) return guardrailError(denied);
    if (redact) rewriteRequest(body, redact);
    return null;
  }

  /**
   * Runs the input checks on `text`: the denying verdict, or null and the redaction to
   * apply to the input's texts (null when nothing is redacted).
   */
  async inputText(
    text: string,
    more: Partial<GuardrailSubject> = {},
  ): Promise<{ denied: GuardrailVerdict | null; redact: ((text: string) => string) | null }> {
    const subject: GuardrailSubject = { ...this.base, ...more, stage: 'input', text };
    this.runAsync('input', subject);
    const result = await runStage(this.sync, 'input', subject);
    this.record(result.verdicts);
    const { redactors } = result;
    return {
      denied: result.denied,
      redact: redactors.length ? (t: string) => redactText(t, redactors) : null,
    };
  }

  /** Runs the output stage on a finished completion; redacts it in place. Returns the denial, or null. */
  async output(completion: Record<string, unknown>): Promise<MappedError | null> {
    if (!this.pipeline.hasOutput) return null;
    const denied = await this.outputText(completionTexts(completion));
    if (denied) return denied;
    if (this.redactors.length) rewriteCompletion(completion, (t) => this.redactOutput(t));
    return null;
  }

  private redactors: Parameters<typeof redactText>[1] = [];

  /** Applies the redactions of the last `outputText` to one of the answer's texts. */
  redactOutput(text: string): string {
    return redactText(text, this.redactors);
  }

  /** Runs the output checks on an answer's text (a finished stream's, or a completion's). */
  async outputText(text: string): Promise<MappedError | null> {
    const subject: GuardrailSubject = { ...this.base, stage: 'output', text };
    this.runAsync('output', subject);
    const result = await runStage(this.sync, 'output', subject);
    this.record(result.verdicts);
    this.redactors = result.redactors;
    return result.denied ? guardrailError(result.denied) : null;
  }

  /** `stage:policy/check=verdict, …` of the checks that did not pass, or '' when all passed. */
  header(): string {
    return this.verdicts
      .filter((v) => v.verdict !== 'pass' && this.inHeader.has(v))
      .map((v) => `${v.stage}:${encodeURIComponent(v.policy)}/${encodeURIComponent(v.check)}=${v.verdict}`)
      .join(', ');
  }

  record(verdicts: GuardrailVerdict[], inHeader = true): void {
    for (const v of verdicts) {
      this.verdicts.push(v);
      if (inHeader) this.inHeader.add(v);
      this.sink.verdict(v);
    }
  }
}
