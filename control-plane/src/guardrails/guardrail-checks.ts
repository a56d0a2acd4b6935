import {
  MASKED_HEADER_VALUE,
  mapWebhookHeaders,
  guardrailPolicyProblems,
  type GuardrailAction,
  type SnapshotGuardrailCheck,
} from '@switchyard/proto';
import type { CredentialsVault } from '../crypto/credentials-vault.service';
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

/**
 * Seals webhook header values for storage. A value written back as `MASKED_HEADER_VALUE`
 * (what the API shows), or still sealed as stored, keeps the stored value of the same check
 * and header; anything else is a new secret. Sealing is deterministic, so an unchanged value
 * seals to what is stored and a re-applied config reads as unchanged.
 */
export function sealWebhookHeaders(
  vault: CredentialsVault,
  policyId: string,
  checks: SnapshotGuardrailCheck[],
  stored: SnapshotGuardrailCheck[] | null,
): SnapshotGuardrailCheck[] {
  const previous = new Map<string, string>();
  if (stored) mapWebhookHeaders(policyId, stored, (value, context) => (previous.set(context, value), value));
  return mapWebhookHeaders(policyId, checks, (value, context, check, header) => {
    const kept = previous.get(context);
    if (kept !== undefined && (value === MASKED_HEADER_VALUE || value === kept)) return kept;
    if (value === MASKED_HEADER_VALUE)
      throw new GuardrailException(
        `check ${check}: header ${header} is "${MASKED_HEADER_VALUE}" but has no stored value to keep`,
        GuardrailExceptionCode.INVALID_CHECKS,
      );
    return vault.sealValueAtRest(context, value);
  });
}

/** Checks as the API shows them: webhook header values masked. */
export function maskWebhookHeaders(
  policyId: string,
  checks: SnapshotGuardrailCheck[],
): SnapshotGuardrailCheck[] {
  return mapWebhookHeaders(policyId, checks, () => MASKED_HEADER_VALUE);
}
