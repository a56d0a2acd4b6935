import type { SnapshotGuardrailCheck } from '../snapshot';

/**
 * Webhook check headers usually carry the customer's credentials, so their values are
 * secrets: sealed at rest and in snapshots, and shown as `MASKED_HEADER_VALUE` by the API
 * (which also means "keep the stored value" when written back).
 */
export const MASKED_HEADER_VALUE = '***';

/** The sealing context of one header value: bound to its policy, check and header name. */
export function webhookHeaderContext(policyId: string, check: string, header: string): string {
  return `guardrail:${policyId}:${check}:${header.toLowerCase()}`;
}

/** Copies `checks` with every webhook header value replaced by `map(value, context, check, header)`. */
export function mapWebhookHeaders(
  policyId: string,
  checks: SnapshotGuardrailCheck[],
  map: (value: string, context: string, check: string, header: string) => string,
): SnapshotGuardrailCheck[] {
  return checks.map((c) => {
    const headers = (c.params as { headers?: Record<string, string> } | undefined)?.headers;
    if (c.type !== 'webhook' || !headers) return c;
    const mapped = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        map(value, webhookHeaderContext(policyId, c.name, name), c.name, name),
      ]),
    );
    return { ...c, params: { ...c.params, headers: mapped } };
  });
}
