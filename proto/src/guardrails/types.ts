/** What a check looks at: the text of one stage and, on input, what the request asks for. */
export interface GuardrailSubject {
  stage: 'input' | 'output';
  /** Input: every message's text, joined by blank lines. Output: the answer's text. */
  text: string;
  /** The model the client asked for (the route alias). */
  model?: string;
  /** Input: how many messages the request carries. */
  messageCount?: number;
  /** Input: `max_tokens` or `max_completion_tokens`, null when the request sets neither. */
  maxTokens?: number | null;
  /** Input: the request's `x-switchyard-metadata`. */
  metadata?: Record<string, unknown>;
  /** Opaque per-request state for external checks (the data plane's request, to call a judge through its router). */
  context?: unknown;
}

/** How one check judged a subject; `detail` says why it failed (never the matched secret itself). */
export interface CheckOutcome {
  pass: boolean;
  detail?: string;
}

/** A span of text a redacting check rewrites, and what replaces it. */
export interface TextMatch {
  start: number;
  end: number;
  replacement: string;
}

/**
 * A check compiled from its parameters, once, when a snapshot is applied. `find` is set
 * for checks that can say which text fails (deny lists, PII, secrets): only those can
 * redact, and only those act on a stream as it flows.
 */
export interface CompiledCheck {
  readonly type: string;
  run(subject: GuardrailSubject): CheckOutcome | Promise<CheckOutcome>;
  find?: (text: string) => TextMatch[];
  /** The longest text one `find` match can span: what a stream holds back. */
  readonly maxMatchLength?: number;
}

/** A check's parameters are unusable; the message names the parameter. */
export class GuardrailParamError extends Error {
  override name = 'GuardrailParamError';
}

/** One entry of the check catalogue. */
export interface CheckDefinition {
  /** What it checks, for the API and the README. */
  description: string;
  /** Stages the check makes sense on; on other stages of a `both` policy it is skipped. */
  stages: readonly ('input' | 'output')[];
  /** Whether `find` is provided, so `redact` is a valid action. */
  redacts: boolean;
  /** Needs the network or the router (LLM judge, webhook): compiled by the data plane, skipped by `tryGuardrailPolicy`. */
  external?: boolean;
  compile(params: Record<string, unknown>): CompiledCheck;
}
