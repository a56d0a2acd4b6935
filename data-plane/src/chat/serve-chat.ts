import { formatUsd } from '@switchyard/proto';
import { caller } from '../auth/authenticate';
import { cachePlanFor, consultCache, rememberOutcome } from '../cache/chat-cache';
import { ChunkAssembler } from '../cache/chunk-assembler';
import { sendCachedAnswer } from '../cache/serve-hit';
import { GatewayError, modelNotFound } from '../errors';
import { admitRateLimits } from '../governance/rate-limit-admission';
import { ClientGoneError, readBody } from '../http/body';
import type { RequestContext } from '../http/request-context';
import type { ClientFormat } from '../inbound/client-format';
import { mappedError } from '../inbound/mapped-error';
import type { ChatBody, MappedError, TokenUsage } from '../providers/adapter-types';
import type { RoutingInput } from '../routing/conditions';
import { completionText } from '../routing/messages';
import { runRoute, type RouteCall, type RouteOutcome, type RouteTrace } from '../routing/router';
import type { CompiledKey, ProviderTarget } from '../snapshot/compiled';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { AttemptFailure } from '../upstream/attempt';
import { Cancellation } from '../upstream/cancellation';
import { traceOf } from '../telemetry/request-trace';
import { usdFromMicros } from '../usage/pricing';
import { ClientStream } from './client-stream';
import { describeVerdicts, guardFor } from '../guardrails/chat-guard';
import { GuardedStream, streamingChecks } from '../guardrails/guarded-stream';
import type { RequestGuard } from '../guardrails/request-guard';
import { parseJsonObject } from './json-body';
import { PayloadLog } from '../guardrails/payload-log';
import { enforceBudgets } from '../governance/budget-gate';
import { completionToChunks } from './completion-chunks';
import { chatSubCallUsage } from './sub-call-usage';
import { answerChars, estimateInputTokens, estimateUsage } from './token-estimate';
import { spliceUsageCost } from './usage-cost-splice';

const METADATA_HEADER = 'x-switchyard-metadata';

function routingInput(ctx: RequestContext, key: CompiledKey, body: ChatBody): RoutingInput {
  let metadata: Record<string, unknown> | null = null;
  return {
    headers: ctx.req.headers,
    body,
    keyId: key.id,
    keyName: key.name,
    workspaceId: key.workspaceId,
    workspaceSlug: key.workspaceSlug,
    metadata() {
      if (metadata) return metadata;
      const header = ctx.req.headers[METADATA_HEADER];
      try {
        const parsed: unknown = typeof header === 'string' ? JSON.parse(header) : {};
        metadata =
          parsed && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : {};
      } catch {
        metadata = {};
      }
      return metadata;
    },
  };
}

/**
 * A chat-shaped endpoint in one client format (`POST /v1/chat/completions`,
 * `/v1/messages`, `/v1/responses`, `/v1/completions`): auth → body → the client's format
 * translated to the canonical request → route by alias → router (strategies, retries,
 * fallbacks, ensembles) → the answer rendered back in the client's format, with its cost.
 * Reads the running config once, so a snapshot swap mid-request cannot mix two configs.
 */
export function chatHandler(store: SnapshotStore, format: ClientFormat) {
  const sendError = (ctx: RequestContext, error: MappedError, headers: Record<string, string> = {}) => {
    ctx.errorCode ||= error.code;
    ctx.errorMessage ||= error.message.slice(0, 1000);
    const res = ctx.res;
    if (res.headersSent || res.destroyed) {
      if (!res.writableEnded) res.end();
      return;
    }
    const body = JSON.stringify(format.errorBody(error));
    ctx.status = error.status;
    res.writeHead(error.status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };

  return async function serveChat(ctx: RequestContext): Promise<void> {
    ctx.endpoint = format.endpoint;
    // Anthropic's SDKs read the request id from `request-id` (as `_request_id`).
    if (format.endpoint === 'messages') ctx.res.setHeader('request-id', ctx.requestId);
    const cancellation = new Cancellation();
    const onClose = () => {
      if (ctx.res.writableFinished) return;
      ctx.clientClosed = true;
      cancellation.abort();
    };
    try {
      const { config, key } = caller(ctx.req.headers, store.current);
      ctx.recordUsage = true;
      ctx.workspaceId = key.workspaceId;
      ctx.keyId = key.id;

      const raw = parseJsonObject(await readBody(ctx.req, ctx.services.maxBodyBytes));
      const body = format.toChat(raw, { ctx, config, key });
      const alias = body.model as string;
      ctx.stream = body.stream === true;
      const route = key.routes.get(alias);
      if (!route) {
        ctx.routeAlias = alias.slice(0, 200);
        throw modelNotFound(alias);
      }
      ctx.routeId = route.id;
      ctx.routeAlias = route.alias;
      ctx.res.setHeader('x-switchyard-route', route.id);
      enforceBudgets(ctx, config, key);
      const limited = admitRateLimits(ctx, config, key, route, () => estimateInputTokens(body.messages));
      if (limited) return sendError(ctx, limited.error, limited.headers);
      // The client leaving must not leave upstream requests (and their tokens) running.
      ctx.res.once('close', onClose);

      const trace: RouteTrace = { attempts: 0, intent: null, ensemble: null };
      const describe = (target: ProviderTarget | null) => {
        ctx.attempts = trace.attempts;
        const res = ctx.res;
        if (res.headersSent) return;
        res.setHeader('x-switchyard-attempts', String(trace.attempts));
        if (target) {
          ctx.providerId = target.provider.id;
          ctx.model = target.model;
          res.setHeader('x-switchyard-provider', target.provider.id);
          res.setHeader('x-switchyard-target', encodeURIComponent(target.label));
        }
        if (trace.intent !== null) res.setHeader('x-switchyard-intent', encodeURIComponent(trace.intent));
        if (trace.ensemble !== null) res.setHeader('x-switchyard-ensemble', trace.ensemble);
      };
      const passUsage =
        (format.endpoint === 'chat.completions' || format.endpoint === 'prompts.completions') &&
        (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      const input = routingInput(ctx, key, body);
      // Input guardrails run on the canonical request before the cache and the router; a redaction rewrites it.
      const guard = guardFor(ctx, config, key, route, body, input);
      if (guard) {
        const denied = await guard.input(body);
        const verdictHeaders = describeVerdicts(ctx, guard);
        if (denied) return sendError(ctx, denied, verdictHeaders);
      }
      // The workspace logs payloads: what the request asks, as the input guardrails left it.
      const payloads = key.logPayloads ? new PayloadLog(guard) : null;
      payloads?.request(ctx, body);
      const cachePlan = cachePlanFor(ctx, key, route, body);
      if (cachePlan) {
        const hit = await consultCache(ctx, cachePlan);
        if (hit) return sendCachedAnswer(ctx, format, hit, passUsage);
      }
      const sink = ctx.stream ? new ClientStream(ctx, format, passUsage, describe) : null;
      const assembler = (cachePlan || payloads) && sink ? new ChunkAssembler() : null;
      const clientSink = assembler ? assembler.wrap(sink!) : sink;
      const guarded =
        clientSink && guard?.pipeline.hasOutput
          ? new GuardedStream(clientSink, guard, streamingChecks(guard), () => cancellation.abort())
          : null;
      let subCost = 0;
      const call: RouteCall = {
        body,
        input,
        cancellation,
        sink: guarded ?? clientSink,
        // Chunks go to the client as the upstream wrote them only when nothing reads or changes them on the way.
        passThrough: sink !== null && !assembler && !guarded && format.openAIWire === true,
        trace,
        defaultTimeoutMs: ctx.services.upstreamTimeoutMs,
        tracing: traceOf(ctx),
        billTo: ctx,
        recordSubCall(outcome, sent, latencyMs) {
          // Only an ensemble's judge streams, to the client: its text is what the client got.
          const fields = chatSubCallUsage(outcome, sent, latencyMs, sink?.chars);
          subCost += fields.costMicroUsd;
          ctx.recordSubCall(fields);
        },
      };

      const outcome = await runRoute(route, call);
      if (guarded?.closing) await guarded.closing;
      describe(outcome.target);
      await finish(ctx, body, outcome, sink, trace.ensemble !== null, subCost, guard);
      if (payloads && outcome.result.ok) {
        const r = outcome.result;
        payloads.response(ctx, completionText(r.streamed ? assembler!.completion() : r.completion));
      }
      // A denied answer is never cached.
      if (cachePlan && ctx.errorCode !== 'guardrail_denied')
        rememberOutcome(ctx, cachePlan, outcome, assembler);
    } catch (err) {
      if (err instanceof GatewayError) {
        sendError(ctx, mappedError(err), err.code === 'request_too_large' ? { connection: 'close' } : {});
      } else if (err instanceof ClientGoneError) {
        ctx.status = 499;
        ctx.errorCode = 'client_closed_request';
        ctx.errorMessage = 'The client closed the request.';
      } else {
        ctx.services.logger.error({ requestId: ctx.requestId, err }, 'chat request failed unexpectedly');
        sendError(ctx, mappedError(new GatewayError('internal_error')));
      }
    } finally {
      ctx.res.off('close', onClose);
      ctx.complete();
    }
  };

  /** Sends (or, for streams, finishes accounting for) the router's outcome. */
  async function finish(
    ctx: RequestContext,
    body: ChatBody,
    outcome: RouteOutcome,
    sink: ClientStream | null,
    ensemble: boolean,
    subCost: number,
    guard: RequestGuard | null,
  ): Promise<void> {
    const { result, target } = outcome;
    if (ctx.clientClosed) {
      ctx.status = 499;
      ctx.errorCode = 'client_closed_request';
      ctx.errorMessage = 'The client closed the request.';
    }
    if (!result.ok) {
      failed(ctx, result);
      return;
    }
    // An ensemble's members and judge carry the tokens and cost in their own records.
    const account = (usage: TokenUsage | null, chars: number) => {
      if (ensemble) return;
      const counted = usage ?? estimateUsage(body.messages, chars);
      ctx.tokensEstimated = usage === null;
      ctx.inputTokens = counted.promptTokens;
      ctx.outputTokens = counted.completionTokens;
      ctx.cachedInputTokens = counted.cachedTokens;
      ctx.reasoningTokens = counted.reasoningTokens;
      ctx.costMicroUsd = target!.costOf(counted);
    };
    if (result.streamed) {
      account(result.usage, sink!.chars);
      if (result.error && !ctx.clientClosed) {
        ctx.errorCode = result.error.code;
        ctx.errorMessage = result.error.message.slice(0, 1000);
      }
      return;
    }
    const completion = result.completion;
    account(result.usage, answerChars(completion));
    // Output guardrails on a whole answer: a denial answers 422 instead; a redaction rewrites it.
    const denied = guard ? await guard.output(completion) : null;
    const verdictHeaders = describeVerdicts(ctx, guard);
    if (denied) return sendError(ctx, denied, verdictHeaders);
    const cost = ensemble ? subCost : ctx.costMicroUsd;
    const usage = completion.usage as Record<string, unknown> | undefined;
    const usageIsObject = usage !== null && typeof usage === 'object';
    // The upstream's own bytes when they are this answer: an OpenAI-shaped answer to an OpenAI
    // client that nothing changed on the way (no output guardrail, not an ensemble's, no debug copy).
    const verbatim =
      result.verbatim &&
      format.openAIWire === true &&
      !ensemble &&
      !guard?.pipeline.hasOutput &&
      ctx.req.headers['x-switchyard-debug'] !== 'raw' &&
      !(usageIsObject && Object.hasOwn(usage, 'cost'));
    if (usageIsObject) usage.cost = usdFromMicros(cost);
    if (sink) {
      // A whole answer (an ensemble's) for a client that asked for a stream.
      sink.open(target!);
      sink.write(completionToChunks(completion));
      sink.close(result.usage, null);
      return;
    }
    let text: string | Buffer | null = null;
    // Only an object `usage` takes the cost (an array or null is sent as it is, as before).
    if (verbatim)
      text =
        usageIsObject && !Array.isArray(usage)
          ? spliceUsageCost(result.raw, usdFromMicros(cost))
          : result.raw;
    if (text === null) {
      const rendered = format.completion(completion);
      // Never beside an answer output guardrails read: the upstream's own copy would undo their redactions.
      if (ctx.req.headers['x-switchyard-debug'] === 'raw' && !guard?.pipeline.hasOutput)
        rendered.switchyard_raw_upstream = rawUpstream(result.raw);
      text = JSON.stringify(rendered);
    }
    ctx.status = 200;
    ctx.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-switchyard-cost': formatUsd(cost),
      ...verdictHeaders,
    });
    ctx.res.end(text);
  }

  function failed(ctx: RequestContext, f: AttemptFailure): void {
    if (f.kind === 'cancelled' || ctx.clientClosed) return;
    if (f.kind !== 'status' || f.upstreamStatus >= 500) {
      ctx.services.logger.warn(
        {
          requestId: ctx.requestId,
          providerId: ctx.providerId,
          kind: f.kind,
          upstreamStatus: f.upstreamStatus,
          code: f.error.code,
        },
        'upstream request failed',
      );
    }
    sendError(ctx, f.error, f.headers);
  }
}

/** The upstream's answer for debugging: parsed when it is JSON, else its text. */
function rawUpstream(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
