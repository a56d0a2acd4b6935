import { redactText, type PolicyCheck } from '@switchyard/proto';
import type { RequestContext } from '../http/request-context';
import type { ChatBody } from '../providers/adapter-types';
import type { RequestGuard } from './request-guard';

/** The most of each payload a usage record or log line carries. */
export const PAYLOAD_LIMIT_BYTES = 64 * 1024;

/**
 * What a workspace that logs payloads keeps of a request: its messages and its answer's
 * text, with every match of its guardrail checks that can find text (PII, secrets, regexes,
 * word lists…) masked, whatever those checks' actions, so what the policies call sensitive
 * never reaches a log. Cut to `PAYLOAD_LIMIT_BYTES`.
 */
export class PayloadLog {
  private readonly finders: PolicyCheck[];

  constructor(guard: RequestGuard | null) {
    const checks = guard?.pipeline.policies.flatMap((p) => [...p.input, ...p.output]) ?? [];
    this.finders = [...new Set(checks)].filter((c) => c.check.find);
  }

  request(ctx: RequestContext, body: ChatBody): void {
    ctx.requestPayload = this.redact(JSON.stringify(body.messages ?? []));
  }

  response(ctx: RequestContext, text: string): void {
    ctx.responsePayload = this.redact(text);
  }

  private redact(text: string): string {
    const redacted = this.finders.length ? redactText(text, this.finders) : text;
    const bytes = Buffer.from(redacted, 'utf8');
    if (bytes.length <= PAYLOAD_LIMIT_BYTES) return redacted;
    return `${bytes.subarray(0, PAYLOAD_LIMIT_BYTES).toString('utf8')}…[truncated]`;
  }
}
