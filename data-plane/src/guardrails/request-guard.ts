import { redactText, runStage, type GuardrailSubject, type GuardrailVerdict } from '@switchyard/proto';
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
 */
export class RequestGuard {
  readonly verdicts: GuardrailVerdict[] = [];

  constructor(
    readonly pipeline: GuardrailPipeline,
    private readonly base: Omit<GuardrailSubject, 'stage' | 'text'>,
    private readonly sink: VerdictSink,
  ) {}

  /** Runs the input stage; redacts `body` in place. Returns the denial, or null to go on. */
  async input(body: ChatBody): Promise<MappedError | null> {
    if (!this.pipeline.hasInput) return null;
    const max = body.max_completion_tokens ?? body.max_tokens;
    const subject: GuardrailSubject = {
      ...this.base,
      stage: 'input',
      text: requestText(body),
      messageCount: Array.isArray(body.messages) ? body.messages.length : 0,
      maxTokens: typeof max === 'number' ? max : null,
    };
    const result = await runStage(this.pipeline.policies, 'input', subject);
    this.record(result.verdicts);
    if (result.denied) return guardrailError(result.denied);
    if (result.redactors.length) rewriteRequest(body, (t) => redactText(t, result.redactors));
    return null;
  }

  /** Runs the output stage on a finished completion; redacts it in place. Returns the denial, or null. */
  async output(completion: Record<string, unknown>): Promise<MappedError | null> {
    if (!this.pipeline.hasOutput) return null;
    const denied = await this.outputText(completionTexts(completion));
    if (denied) return denied;
    if (this.redactors.length) rewriteCompletion(completion, (t) => redactText(t, this.redactors));
    return null;
  }

  private redactors: Parameters<typeof redactText>[1] = [];

  /** Runs the output checks on an answer's text (a finished stream's, or a completion's). */
  async outputText(text: string): Promise<MappedError | null> {
    const result = await runStage(this.pipeline.policies, 'output', { ...this.base, stage: 'output', text });
    this.record(result.verdicts);
    this.redactors = result.redactors;
    return result.denied ? guardrailError(result.denied) : null;
  }

  /** `stage:policy/check=verdict, …` of the checks that did not pass, or '' when all passed. */
  header(): string {
    return this.verdicts
      .filter((v) => v.verdict !== 'pass')
      .map((v) => `${v.stage}:${encodeURIComponent(v.policy)}/${encodeURIComponent(v.check)}=${v.verdict}`)
      .join(', ');
  }

  record(verdicts: GuardrailVerdict[]): void {
    for (const v of verdicts) {
      this.verdicts.push(v);
      this.sink.verdict(v);
    }
  }
}
