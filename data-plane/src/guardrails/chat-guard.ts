import type { GuardrailVerdict } from '@switchyard/proto';
import type { RequestContext } from '../http/request-context';
import type { ChatBody } from '../providers/adapter-types';
import type { CompiledKey, CompiledRoute, RuntimeConfig } from '../snapshot/compiled';
import type { RoutingInput } from '../routing/conditions';
import type { GuardContext } from './external-checks';
import { RequestGuard, VERDICTS_HEADER } from './request-guard';

/**
 * The guardrails of one chat request (its workspace's, key's and route's policies), or
 * null when none apply. Verdicts are counted in metrics as they happen and kept on the
 * request for its usage record.
 */
export function guardFor(
  ctx: RequestContext,
  config: RuntimeConfig,
  key: CompiledKey,
  route: CompiledRoute,
  body: ChatBody,
  input: RoutingInput,
): RequestGuard | null {
  const pipeline = config.guardrails?.pipeline(key.workspaceId, key.id, route.id);
  if (!pipeline || pipeline.policies.length === 0) return null;
  const counter = ctx.services.metrics.guardrailVerdicts;
  const guard = new RequestGuard(
    pipeline,
    {
      model: String(body.model),
      metadata: input.metadata(),
      context: { ctx, config, input } satisfies GuardContext,
    },
    { verdict: (v: GuardrailVerdict) => counter.labels(v.policy, v.check, v.verdict).inc() },
  );
  ctx.guardrailVerdicts = guard.verdicts;
  if (pipeline.policies.some((p) => p.mode === 'async')) ctx.usageWaitsFor = () => guard.settled();
  return guard;
}

/** Sets the verdicts header while the response is not committed. */
export function describeVerdicts(ctx: RequestContext, guard: RequestGuard | null): Record<string, string> {
  const value = guard?.header();
  if (!value) return {};
  if (!ctx.res.headersSent) ctx.res.setHeader(VERDICTS_HEADER, value);
  return { [VERDICTS_HEADER]: value };
}
