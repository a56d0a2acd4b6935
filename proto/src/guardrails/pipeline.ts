import type {
  GuardrailAction,
  GuardrailMode,
  SnapshotGuardrailCheck,
  SnapshotGuardrailPolicy,
} from '../snapshot';
import { GUARDRAIL_CHECKS } from './catalogue';
import { GuardrailParamError, type CompiledCheck, type GuardrailSubject, type TextMatch } from './types';

/** A check of a compiled policy, with the action it takes and the stages it runs on. */
export interface PolicyCheck {
  name: string;
  type: string;
  action: GuardrailAction;
  stages: readonly ('input' | 'output')[];
  check: CompiledCheck;
}

/** A policy with its checks compiled: built once per snapshot, shared by every request it applies to. */
export interface CompiledPolicy {
  id: string;
  name: string;
  mode: GuardrailMode;
  input: PolicyCheck[];
  output: PolicyCheck[];
}

/** Builds an external check (LLM judge, webhook) with its executor; absent, external checks are skipped. */
export type ExternalCheckFactory = (
  check: SnapshotGuardrailCheck,
  policy: SnapshotGuardrailPolicy,
) => CompiledCheck;

/** What happened to one check on one request; `pass` verdicts are counted, not shown. */
export type VerdictKind = 'pass' | 'deny' | 'redact' | 'flag' | 'error';

export interface GuardrailVerdict {
  policy: string;
  check: string;
  stage: 'input' | 'output';
  verdict: VerdictKind;
  /** Why the check failed (never the matched text). */
  detail?: string;
}

/** Compiles one check; throws `GuardrailParamError` naming what is wrong. */
export function compileCheck(check: Pick<SnapshotGuardrailCheck, 'type' | 'params'>): CompiledCheck {
  const def = GUARDRAIL_CHECKS[check.type];
  if (!def) throw new GuardrailParamError(`unknown check type ${check.type}`);
  return def.compile(check.params ?? {});
}

/** Everything wrong with a policy's checks (unknown types, bad params, redact on a check that cannot). */
export function guardrailPolicyProblems(
  policy: Pick<SnapshotGuardrailPolicy, 'checks' | 'action'>,
): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  if (policy.checks.length === 0) problems.push('has no checks');
  for (const check of policy.checks) {
    if (names.has(check.name)) problems.push(`has two checks named ${check.name}`);
    names.add(check.name);
    const def = GUARDRAIL_CHECKS[check.type];
    if (!def) {
      problems.push(`check ${check.name}: unknown check type ${check.type}`);
      continue;
    }
    try {
      def.compile(check.params ?? {});
    } catch (err) {
      problems.push(`check ${check.name}: ${(err as Error).message}`);
      continue;
    }
    const action = check.action ?? policy.action;
    if (action === 'redact' && !def.redacts)
      problems.push(`check ${check.name}: ${check.type} cannot redact (use deny or flag)`);
  }
  return problems;
}

/**
 * Compiles a policy whose problems were ruled out by `guardrailPolicyProblems`. In an
 * `async` policy every action becomes `flag`: it is recorded, never enforced.
 */
export function compilePolicy(
  policy: SnapshotGuardrailPolicy,
  external?: ExternalCheckFactory,
): CompiledPolicy {
  const out: CompiledPolicy = { id: policy.id, name: policy.name, mode: policy.mode, input: [], output: [] };
  for (const c of policy.checks) {
    const def = GUARDRAIL_CHECKS[c.type];
    let check = def.compile(c.params ?? {});
    if (def.external && external) check = external(c, policy);
    const action: GuardrailAction = policy.mode === 'async' ? 'flag' : (c.action ?? policy.action);
    const entry: PolicyCheck = { name: c.name, type: c.type, action, stages: def.stages, check };
    if (policy.stage !== 'output' && def.stages.includes('input')) out.input.push(entry);
    if (policy.stage !== 'input' && def.stages.includes('output')) out.output.push(entry);
  }
  return out;
}

/**
 * Applies matches to a text: overlapping or touching matches merge into one replacement
 * (the earliest match's), so nothing matched survives a redaction.
 */
export function applyMatches(text: string, matches: readonly TextMatch[]): string {
  if (matches.length === 0) return text;
  const merged = mergeMatches(matches);
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += text.slice(at, m.start) + m.replacement;
    at = m.end;
  }
  return out + text.slice(at);
}

/** Sorted, non-overlapping matches. */
export function mergeMatches(matches: readonly TextMatch[]): TextMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextMatch[] = [];
  for (const m of sorted) {
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  return merged;
}

/** The result of running a stage's checks: every verdict, the first denial, and the redactions to apply. */
export interface StageResult {
  verdicts: GuardrailVerdict[];
  denied: GuardrailVerdict | null;
  /** Checks whose action is `redact` and that failed: apply their `find` to every text of the stage. */
  redactors: PolicyCheck[];
}

/**
 * Runs the checks of a stage on a subject, policy by policy, in order. A failed `deny`
 * stops there (later checks do not run); failed `redact` checks are returned for the
 * caller to apply to each text; `flag` only records. A check that throws counts as failed
 * with verdict `error` and its action applies (deny fails closed).
 */
export async function runStage(
  policies: readonly CompiledPolicy[],
  stage: 'input' | 'output',
  subject: GuardrailSubject,
): Promise<StageResult> {
  const verdicts: GuardrailVerdict[] = [];
  const redactors: PolicyCheck[] = [];
  for (const policy of policies) {
    for (const c of stage === 'input' ? policy.input : policy.output) {
      let outcome;
      try {
        const r = c.check.run(subject);
        outcome = r instanceof Promise ? await r : r;
      } catch (err) {
        outcome = { pass: false, detail: `the check failed: ${(err as Error).message}` };
      }
      if (outcome.pass) {
        verdicts.push({ policy: policy.name, check: c.name, stage, verdict: 'pass' });
        continue;
      }
      const v: GuardrailVerdict = {
        policy: policy.name,
        check: c.name,
        stage,
        verdict: c.action,
        detail: outcome.detail,
      };
      verdicts.push(v);
      if (c.action === 'deny') return { verdicts, denied: v, redactors };
      if (c.action === 'redact') redactors.push(c);
    }
  }
  return { verdicts, denied: null, redactors };
}

/** Rewrites a text with the matches of every redactor. */
export function redactText(text: string, redactors: readonly PolicyCheck[]): string {
  if (redactors.length === 0) return text;
  const matches: TextMatch[] = [];
  for (const r of redactors) matches.push(...r.check.find!(text));
  return applyMatches(text, matches);
}

/** What `tryGuardrailPolicy` reports: verdicts (non-pass ones with details) and the text after redaction. */
export interface TryResult {
  verdicts: GuardrailVerdict[];
  denied: GuardrailVerdict | null;
  text: string;
}

/**
 * Runs a policy on sample text, as the gateway would at `stage` (the console's "try it").
 * External checks (LLM judge, webhook) are not run: they report pass with a note.
 */
export async function tryGuardrailPolicy(
  policy: SnapshotGuardrailPolicy,
  stage: 'input' | 'output',
  subject: Omit<GuardrailSubject, 'stage'>,
): Promise<TryResult> {
  const compiled = compilePolicy(policy);
  const result = await runStage([compiled], stage, { ...subject, stage });
  return {
    verdicts: result.verdicts,
    denied: result.denied,
    text: result.denied ? subject.text : redactText(subject.text, result.redactors),
  };
}
