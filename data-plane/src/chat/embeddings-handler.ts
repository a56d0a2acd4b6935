import { formatUsd } from '@switchyard/proto';
import { caller } from '../auth/authenticate';
import { GatewayError, modelNotFound } from '../errors';
import { ClientGoneError, readBody } from '../http/body';
import type { RequestContext } from '../http/request-context';
import { sendError, sendJson } from '../http/respond';
import type { MappedError } from '../providers/adapter-types';
import { orderedTargets } from '../routing/candidates';
import { bodyFor, callWithRetries, shouldFallBack } from '../routing/router';
import { Cancellation } from '../upstream/cancellation';
import type { CompiledRoute, ProviderTarget } from '../snapshot/compiled';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { traceOf } from '../telemetry/request-trace';
import { callEmbeddings, embeddingInputTokens, type EmbeddingsSuccess } from '../upstream/embeddings-call';
import { openAIErrorBody } from '../inbound/openai-chat';
import { admitRateLimits } from '../governance/rate-limit-admission';
import { parseJsonObject } from './json-body';
import { enforceBudgets } from '../governance/budget-gate';

function checkEmbeddingsBody(body: Record<string, unknown>): void {
  if (typeof body.model !== 'string' || body.model === '') {
    throw new GatewayError('missing_required_parameter', "Missing required parameter: 'model'.", 'model');
  }
  const input = body.input;
  const ok =
    (typeof input === 'string' && input !== '') ||
    (Array.isArray(input) &&
      input.length > 0 &&
      input.length <= 2048 &&
      (input.every((i) => typeof i === 'string') ||
        input.every((i) => typeof i === 'number') ||
        input.every((i) => Array.isArray(i))));
  if (!ok) {
    throw new GatewayError(
      'invalid_value',
      "Invalid 'input': expected a non-empty string, or an array of 1 to 2048 strings or token arrays.",
      'input',
    );
  }
  const format = body.encoding_format;
  if (format !== undefined && format !== 'float' && format !== 'base64') {
    throw new GatewayError(
      'invalid_value',
      "Invalid 'encoding_format': expected 'float' or 'base64'.",
      'encoding_format',
    );
  }
}

/** Float vectors as OpenAI's base64 encoding (little-endian float32), for clients that asked for it. */
function toBase64(vector: number[]): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString('base64');
}

/** The provider targets an embeddings request tries, in the route's order (nested routes flattened). */
function embeddingTargets(route: CompiledRoute, depth = 0): ProviderTarget[] {
  const out: ProviderTarget[] = [];
  for (const t of orderedTargets(route)) {
    if (t.type === 'provider') out.push(t);
    else if (depth < 8) out.push(...embeddingTargets(t.route, depth + 1));
  }
  return out;
}

/**
 * `POST /v1/embeddings` in OpenAI's shape, for any provider with an embeddings API. The
 * route's targets are tried in its order, each with `callEmbeddings` under its retry policy
 * and breaker as chat attempts are (`callWithRetries`); a failure moves on as the route's
 * fallback policy says. Usage and cost are recorded like chat calls.
 */
export function embeddingsHandler(store: SnapshotStore) {
  return async function embeddings(ctx: RequestContext): Promise<void> {
    ctx.endpoint = 'embeddings';
    try {
      const { config, key } = caller(ctx.req.headers, store.current);
      ctx.recordUsage = true;
      ctx.workspaceId = key.workspaceId;
      ctx.keyId = key.id;
      const body = parseJsonObject(await readBody(ctx.req, ctx.services.maxBodyBytes));
      checkEmbeddingsBody(body);
      const alias = body.model as string;
      const route = key.routes.get(alias);
      ctx.routeAlias = alias.slice(0, 200);
      if (!route) throw modelNotFound(alias);
      ctx.routeId = route.id;
      ctx.res.setHeader('x-switchyard-route', route.id);
      enforceBudgets(ctx, config, key);
      const limited = admitRateLimits(ctx, config, key, route, () => embeddingInputTokens(body.input));
      if (limited) return sendMappedError(ctx, limited.error, limited.headers);

      const tracing = traceOf(ctx);
      // A client that leaves ends the retries' waits (the call in flight runs to its end).
      const cancellation = new Cancellation();
      ctx.res.once('close', () => {
        if (!ctx.res.writableFinished) cancellation.abort();
      });
      let last: MappedError | null = null;
      for (const target of embeddingTargets(route)) {
        ctx.providerId = target.provider.id;
        ctx.model = target.model;
        const timeoutMs = target.timeoutMs || ctx.services.upstreamTimeoutMs;
        const result = await callWithRetries(target, cancellation, timeoutMs, () => {
          ctx.attempts++;
          return callEmbeddings(target, bodyFor(body, target), timeoutMs, tracing);
        });
        if (result.ok) {
          tracing?.answeredBy(target);
          return send(ctx, target, body, result);
        }
        last = result.error;
        if (!shouldFallBack(route.fallback, result)) break;
      }
      const error = last ?? {
        status: 502,
        type: 'server_error',
        code: 'upstream_error',
        message: 'No target of this route could serve the request.',
      };
      sendMappedError(ctx, error);
    } catch (err) {
      if (err instanceof GatewayError) sendError(ctx, err);
      else if (err instanceof ClientGoneError) {
        ctx.status = 499;
        ctx.errorCode = 'client_closed_request';
      } else {
        ctx.services.logger.error(
          { requestId: ctx.requestId, err },
          'embeddings request failed unexpectedly',
        );
        sendError(ctx, new GatewayError('internal_error'));
      }
    } finally {
      ctx.complete();
    }
  };
}

function sendMappedError(
  ctx: RequestContext,
  error: MappedError,
  headers: Record<string, string> = {},
): void {
  ctx.errorCode = error.code;
  ctx.errorMessage = error.message.slice(0, 1000);
  for (const name in headers) ctx.res.setHeader(name, headers[name]);
  sendJson(ctx, error.status, JSON.stringify(openAIErrorBody(error)));
}

function send(
  ctx: RequestContext,
  target: ProviderTarget,
  body: Record<string, unknown>,
  { response, inputTokens, tokensEstimated, costMicroUsd }: EmbeddingsSuccess,
): void {
  if (body.encoding_format === 'base64' && Array.isArray(response.data)) {
    for (const item of response.data as { embedding?: unknown }[]) {
      if (Array.isArray(item.embedding)) item.embedding = toBase64(item.embedding as number[]);
    }
  }
  response.model = body.model;
  ctx.inputTokens = inputTokens;
  ctx.tokensEstimated = tokensEstimated;
  ctx.costMicroUsd = costMicroUsd;
  ctx.res.setHeader('x-switchyard-provider', target.provider.id);
  ctx.res.setHeader('x-switchyard-target', encodeURIComponent(target.label));
  ctx.res.setHeader('x-switchyard-attempts', String(ctx.attempts));
  ctx.res.setHeader('x-switchyard-cost', formatUsd(costMicroUsd));
  sendJson(ctx, 200, JSON.stringify(response));
}
