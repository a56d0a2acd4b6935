import {
  guardrailPolicyProblems,
  type GuardrailAction,
  type SnapshotGuardrailCheck,
} from '@switchyard/proto';
import { GuardrailException, GuardrailExceptionCode } from './guardrail.exception';

/** A check as written (API or YAML): name optional, params optional. */
export interface CheckSpec {
  name?: string;
  type: string;
  params?: Record<string, unknown>;
  action?: string;
}

/**
 * Normalises checks (names default to the type, params to {}) and refuses them with the
 * same rules as snapshot validation: unknown types, bad params, regexes or schemas that do
 * not compile, redact on a check that cannot, duplicate names.
 */
export function normalizeChecks(checks: CheckSpec[], action: string): SnapshotGuardrailCheck[] {
  const out: SnapshotGuardrailCheck[] = checks.map((c) => ({
    name: c.name ?? c.type,
    type: c.type,
    params: c.params ?? {},
    ...(c.action ? { action: c.action as GuardrailAction } : {}),
  }));
  const problems = guardrailPolicyProblems({ checks: out, action: action as GuardrailAction });
  if (problems.length) {
    throw new GuardrailException(
      `Invalid guardrail checks: ${problems.join('; ')}`,
      GuardrailExceptionCode.INVALID_CHECKS,
    );
  }
  return out;
}
