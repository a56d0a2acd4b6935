import OpenAI from 'openai';
import {
  hashKeySecret,
  sealSecret,
  type SnapshotContent,
  type SnapshotGuardrailAttachment,
  type SnapshotGuardrailPolicy,
  type SnapshotModelPrice,
  type SnapshotProvider,
  type SnapshotRoute,
  type SnapshotTarget,
  type UsageRecord__Output,
} from '@switchyard/proto';
import { startGateway, type Gateway } from '../../src';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../src/testing';
import { TestTelemetryServer } from './control-plane';
import { gatewayEnv } from './gateway-env';
import { testBucket, type TestBucket } from './nats-bucket';
import { waitFor } from './poll';
import { parsePrometheusText, type Sample } from './prometheus-text';
import { makeSnapshot, SNAPSHOT_KEY, UPSTREAM_API_KEY } from './snapshots';

/** Virtual keys of the routing workspace (slug `demo`). */
export const ROUTING_KEYS = {
  /** Key `all`: every route. */
  all: 'sy-routing-all-0123456789abcdef',
  /** Key `beta`: every route too; conditions tell the two apart by `key.name`. */
  beta: 'sy-routing-beta-0123456789abcde',
} as const;

/** The provider every target names unless it says otherwise: the fake OpenAI upstream. */
export const UPSTREAM = 'p-openai';
/** A provider on a closed port (connection refused). */
export const DOWN = 'p-down';

/** A provider of the `openai` kind at `baseUrl`, with the fake's API key sealed in. */
export function openAIProvider(id: string, name: string, baseUrl: string): SnapshotProvider {
  return {
    id,
    workspaceId: 'w1',
    name,
    kind: 'openai',
    baseUrl,
    credentials: sealSecret(SNAPSHOT_KEY, id, JSON.stringify({ apiKey: UPSTREAM_API_KEY })),
  };
}

/** A target on the fake upstream (or on `providerId`) sending `model`. */
export function target(model: string, settings: Partial<SnapshotTarget> = {}): SnapshotTarget {
  return { providerId: UPSTREAM, model, ...settings };
}

/** A target naming another route by alias (route ids are `r-<alias>`). */
export function nested(alias: string, settings: Partial<SnapshotTarget> = {}): SnapshotTarget {
  return { providerId: null, model: '', routeId: `r-${alias}`, ...settings };
}

/** A route `alias` (id `r-<alias>`) of the routing workspace. */
export function route(
  alias: string,
  strategy: SnapshotRoute['strategy'],
  targets: SnapshotTarget[],
  settings: Partial<SnapshotRoute> = {},
): SnapshotRoute {
  return { id: `r-${alias}`, workspaceId: 'w1', alias, strategy, targets, ...settings };
}

/** A sync guardrail policy `id` (also its name) of the routing workspace. */
export function guardrailPolicy(
  id: string,
  stage: SnapshotGuardrailPolicy['stage'],
  action: SnapshotGuardrailPolicy['action'],
  checks: SnapshotGuardrailPolicy['checks'],
): SnapshotGuardrailPolicy {
  return { id, workspaceId: 'w1', name: id, stage, mode: 'sync', action, checks };
}

/** Attaches guardrail policy `policyId` to route `alias`. */
export function onRoute(policyId: string, alias: string): SnapshotGuardrailAttachment {
  return { policyId, workspaceId: 'w1', keyId: null, routeId: `r-${alias}` };
}

/** One workspace (`demo`), the fake upstream's provider, a closed-port provider, and two keys. */
export function routingContent(
  upstreamBaseUrl: string,
  routes: SnapshotRoute[],
  extra: {
    providers?: SnapshotProvider[];
    modelPrices?: SnapshotModelPrice[];
    /** More content (guardrail policies, …) merged over the rest. */
    content?: Partial<SnapshotContent>;
  } = {},
): SnapshotContent {
  const key = (id: string, name: string, secret: string) => ({
    id,
    workspaceId: 'w1',
    name,
    hash: hashKeySecret(secret),
    expiresAt: null,
    allowedRouteIds: null,
  });
  return {
    workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo' }],
    providers: [
      openAIProvider(UPSTREAM, 'fake-openai', upstreamBaseUrl),
      {
        id: DOWN,
        workspaceId: 'w1',
        name: 'down',
        kind: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:9/v1',
        credentials: null,
      },
      ...(extra.providers ?? []),
    ],
    routes,
    keys: [key('k-all', 'all', ROUTING_KEYS.all), key('k-beta', 'beta', ROUTING_KEYS.beta)],
    ...(extra.modelPrices ? { modelPrices: extra.modelPrices } : {}),
    ...extra.content,
  };
}

/** What the gateway said about a served request, from its headers. */
export interface Served {
  text: string;
  /** `x-switchyard-target`, decoded: `<provider name>/<model>`. */
  target: string | null;
  provider: string | null;
  attempts: number;
  intent: string | null;
  ensemble: string | null;
  cost: string | null;
  requestId: string;
  completion: OpenAI.Chat.Completions.ChatCompletion;
}

/** What the gateway answered when it did not serve. */
export interface Refused {
  status: number;
  code: string | null | undefined;
  message: string;
  headers: Headers;
}

export interface ChatOptions {
  /** The last user message (default `hello there`). */
  content?: string;
  key?: string;
  headers?: Record<string, string>;
  /** More body parameters (`max_tokens`, `temperature`, …). */
  params?: Record<string, unknown>;
}

/** A gateway on its own NATS bucket, serving routes of the caller's in front of one fake OpenAI. */
export interface RoutingGateway {
  upstream: FakeOpenAI;
  telemetry: TestTelemetryServer;
  gateway: Gateway;
  client(key?: string): OpenAI;
  /** A chat completion on route `alias` through the official client; throws if it is refused. */
  chat(alias: string, options?: ChatOptions): Promise<Served>;
  /** A chat completion on route `alias` that must be refused; what the client saw. */
  refused(alias: string, options?: ChatOptions): Promise<Refused>;
  /** Chat requests the fake upstream got for `model`, oldest first. */
  calls(model: string): RecordedRequest[];
  /** A request's usage record and its sub-calls' (all of them: they are queued before it). */
  usageOf(requestId: string): Promise<{ parent: UsageRecord__Output; subCalls: UsageRecord__Output[] }>;
  metrics(): Promise<Sample[]>;
  /** Publishes new routes (a new snapshot version) and waits until the node runs it. */
  apply(routes: SnapshotRoute[]): Promise<void>;
  close(): Promise<void>;
}

export interface RoutingGatewayOptions {
  providers?: SnapshotProvider[];
  modelPrices?: SnapshotModelPrice[];
  /** More snapshot content (guardrail policies, …). */
  content?: Partial<SnapshotContent>;
  env?: Record<string, string>;
}

const CHAT_PATH = '/v1/chat/completions';

export async function startRoutingGateway(
  routes: SnapshotRoute[],
  options: RoutingGatewayOptions = {},
): Promise<RoutingGateway> {
  const upstream = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY });
  const telemetry = await new TestTelemetryServer().start();
  const bucket: TestBucket = await testBucket();
  let version = 1;
  const content = (r: SnapshotRoute[]) =>
    routingContent(upstream.baseUrl, r, {
      providers: options.providers,
      modelPrices: options.modelPrices,
      content: options.content,
    });
  await bucket.put(makeSnapshot(content(routes), version));
  const gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_UPSTREAM_TIMEOUT_MS: '2000',
      ...options.env,
    }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);

  const client = (key: string = ROUTING_KEYS.all) =>
    new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 20_000 });
  const create = (alias: string, o: ChatOptions) =>
    client(o.key)
      .chat.completions.create(
        {
          model: alias,
          messages: [{ role: 'user', content: o.content ?? 'hello there' }],
          ...o.params,
        } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
        { headers: o.headers },
      )
      .withResponse();
  const header = (h: Headers, name: string) => {
    const value = h.get(name);
    return value === null ? null : decodeURIComponent(value);
  };

  return {
    upstream,
    telemetry,
    gateway,
    client,
    async chat(alias, o = {}) {
      const { data, response } = await create(alias, o);
      const h = response.headers;
      return {
        text: data.choices[0]?.message.content ?? '',
        target: header(h, 'x-switchyard-target'),
        provider: h.get('x-switchyard-provider'),
        attempts: Number(h.get('x-switchyard-attempts')),
        intent: header(h, 'x-switchyard-intent'),
        ensemble: h.get('x-switchyard-ensemble'),
        cost: h.get('x-switchyard-cost'),
        requestId: h.get('x-request-id') ?? '',
        completion: data,
      };
    },
    async refused(alias, o = {}) {
      try {
        await create(alias, o);
      } catch (err) {
        if (!(err instanceof OpenAI.APIError) || err.status === undefined) throw err;
        return { status: err.status, code: err.code, message: err.message, headers: err.headers as Headers };
      }
      throw new Error(`route ${alias} served a request that should have been refused`);
    },
    calls: (model) =>
      upstream.requests.filter(
        (r) => r.path === CHAT_PATH && (r.body as { model?: unknown }).model === model,
      ),
    async usageOf(requestId) {
      const parent = await waitFor(`the usage record of ${requestId}`, () =>
        telemetry.records.find((r) => r.requestId === requestId),
      );
      return { parent, subCalls: telemetry.records.filter((r) => r.parentRequestId === requestId) };
    },
    async metrics() {
      return parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    },
    async apply(next) {
      version++;
      await bucket.put(makeSnapshot(content(next), version));
      await waitFor(`snapshot ${version} to be applied`, async () => {
        const samples = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
        return samples.some((s) => s.name === 'switchyard_snapshot_version' && s.value === version);
      });
    },
    async close() {
      await gateway.close();
      await upstream.close();
      await telemetry.stop();
      await bucket.close();
    },
  };
}
