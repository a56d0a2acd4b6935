import {
  mapWebhookHeaders,
  openSecret,
  type CheckOutcome,
  type CompiledCheck,
  type ExternalCheckFactory,
  type GuardrailSubject,
  type SnapshotGuardrailCheck,
  type SnapshotGuardrailPolicy,
} from '@switchyard/proto';
import type { RequestContext } from '../http/request-context';
import type { RoutingInput } from '../routing/conditions';
import { completionText } from '../routing/messages';
import { runRoute, type RouteTrace } from '../routing/router';
import { chatSubCallUsage } from '../chat/sub-call-usage';
import { Cancellation } from '../upstream/cancellation';
import type { RuntimeConfig } from '../snapshot/compiled';

/** What an external check reads from `GuardrailSubject.context` (set by `guardFor`). */
export interface GuardContext {
  ctx: RequestContext;
  config: RuntimeConfig;
  input: RoutingInput;
}

const JUDGE_PROMPT = (rubric: string) =>
  `You are a strict content evaluator. Score how well the text given by the user meets this rubric:\n\n${rubric}\n\n` +
  'Answer with only a number from 0 (does not meet it at all) to 1 (fully meets it), nothing else.';

function failure(failOpen: boolean, why: string): CheckOutcome {
  return failOpen ? { pass: true, detail: `${why} (failing open)` } : { pass: false, detail: why };
}

/**
 * A webhook check: POSTs `{stage, text, model, metadata}` as JSON to the customer's URL and
 * reads `{"pass": boolean, "reason"?: string}`. A timeout, a non-2xx answer or an unreadable
 * body fails the check, or passes it when `failOpen`.
 */
function webhook(
  check: SnapshotGuardrailCheck,
  headers: Record<string, string>,
  fetch: typeof globalThis.fetch,
): CompiledCheck {
  const p = check.params as {
    url: string;
    timeoutMs?: number;
    failOpen?: boolean;
  };
  const timeoutMs = p.timeoutMs ?? 5000;
  const failOpen = p.failOpen ?? false;
  return {
    type: 'webhook',
    async run(subject: GuardrailSubject): Promise<CheckOutcome> {
      let res: Response;
      try {
        res = await fetch(p.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            stage: subject.stage,
            text: subject.text,
            model: subject.model ?? null,
            metadata: subject.metadata ?? {},
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        return failure(
          failOpen,
          timedOut ? `the webhook did not answer within ${timeoutMs} ms` : 'the webhook is unreachable',
        );
      }
      let body: { pass?: unknown; reason?: unknown };
      try {
        body = (await res.json()) as typeof body;
      } catch {
        return failure(failOpen, `the webhook answered ${res.status} without JSON`);
      }
      if (!res.ok || typeof body?.pass !== 'boolean')
        return failure(failOpen, `the webhook answered ${res.status} without a pass field`);
      if (body.pass) return { pass: true };
      return {
        pass: false,
        detail: typeof body.reason === 'string' ? body.reason.slice(0, 500) : 'the webhook refused',
      };
    },
  };
}

/**
 * An LLM-judge check: sends the text and the rubric to a route of the policy's workspace
 * through the gateway's own router (retries, fallbacks and prices apply; the call is its
 * own usage record under the request) and fails when the score is below `threshold`.
 */
function judge(check: SnapshotGuardrailCheck, policy: SnapshotGuardrailPolicy): CompiledCheck {
  const p = check.params as {
    route: string;
    rubric: string;
    threshold?: number;
    failOpen?: boolean;
    timeoutMs?: number;
  };
  const threshold = p.threshold ?? 0.5;
  const failOpen = p.failOpen ?? false;
  const timeoutMs = p.timeoutMs ?? 10_000;
  return {
    type: 'llm_judge',
    async run(subject: GuardrailSubject): Promise<CheckOutcome> {
      const guard = subject.context as GuardContext | undefined;
      if (!guard) return { pass: true, detail: 'not evaluated here (needs the gateway)' };
      const { ctx, config, input } = guard;
      let route;
      for (const r of config.routesById.values())
        if (r.workspaceId === policy.workspaceId && r.alias === p.route) route = r;
      if (!route) return failure(failOpen, `the judge route ${p.route} does not exist`);
      const started = performance.now();
      const body = {
        model: p.route,
        messages: [
          { role: 'system', content: JUDGE_PROMPT(p.rubric) },
          { role: 'user', content: subject.text },
        ],
        temperature: 0,
        max_tokens: 16,
      };
      const trace: RouteTrace = { attempts: 0, intent: null, ensemble: null };
      // Every call the judge's route makes is billed to the request: a semantic route's
      // embedding, an ensemble's members and judge, and otherwise the judge's own answer.
      const outcome = await runRoute(route, {
        body,
        input,
        cancellation: Cancellation.timeout(timeoutMs),
        sink: null,
        trace,
        defaultTimeoutMs: ctx.services.upstreamTimeoutMs,
        billTo: ctx,
        recordSubCall: (o, sent, latencyMs) => ctx.recordSubCall(chatSubCallUsage(o, sent, latencyMs)),
      });
      if (trace.ensemble === null)
        ctx.recordSubCall(chatSubCallUsage(outcome, body, performance.now() - started));
      const r = outcome.result;
      if (!r.ok) return failure(failOpen, `the judge failed: ${r.error.message.slice(0, 200)}`);
      if (r.streamed) return failure(failOpen, 'the judge streamed');
      const match = /(?:^|[^\d.])(1(?:\.0+)?|0(?:\.\d+)?|\.\d+)(?![\d.])/.exec(
        ` ${completionText(r.completion)}`,
      );
      if (!match) return failure(failOpen, 'the judge did not answer with a score');
      const score = Number(match[1]);
      return score >= threshold
        ? { pass: true }
        : { pass: false, detail: `the judge scored ${score}, below ${threshold}` };
    },
  };
}

/**
 * The data plane's external checks (webhook, LLM judge), given to `compilePolicy`. Webhooks
 * go through `fetch`; their header values arrive sealed under the snapshot key.
 */
export function externalChecks(fetch: typeof globalThis.fetch, snapshotKey: Buffer): ExternalCheckFactory {
  return (check, policy) => {
    if (check.type !== 'webhook') return judge(check, policy);
    const headers: Record<string, string> = {};
    mapWebhookHeaders(policy.id, [check], (sealed, context, _check, name) => {
      try {
        headers[name] = openSecret(snapshotKey, context, sealed);
      } catch {
        throw new Error(
          `guardrail policy ${policy.name}: header ${name} of check ${check.name} cannot be decrypted`,
        );
      }
      return sealed;
    });
    return webhook(check, headers, fetch);
  };
}
