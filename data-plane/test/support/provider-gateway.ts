import OpenAI from 'openai';
import {
  hashKeySecret,
  sealSecret,
  type ProviderCredentials,
  type SnapshotContent,
  type SnapshotProvider,
  type SnapshotRoute,
} from '@switchyard/proto';
import { startGateway, type Gateway } from '../../src';
import {
  FAKE_AWS_CREDENTIALS,
  geminiFixtures,
  startFakeAnthropic,
  startFakeAzureOpenAI,
  startFakeBedrock,
  startFakeCohere,
  startFakeGemini,
  startFakeMistral,
  startFakeOpenAI,
  type RecordedRequest,
} from '../../src/testing';
import { TestTelemetryServer } from './control-plane';
import { gatewayEnv } from './gateway-env';
import { testBucket, type TestBucket } from './nats-bucket';
import { waitFor } from './poll';
import { KEYS, makeSnapshot, SNAPSHOT_KEY } from './snapshots';

/** Upstream secrets the fakes insist on. */
export const SECRETS = {
  openai: 'sk-openai-test-0123456789',
  anthropic: 'sk-ant-test-0123456789',
  gemini: 'AIza-test-0123456789',
  azure: 'azure-key-0123456789',
  azureClientId: '00000000-0000-0000-0000-0000000000aa',
  azureClientSecret: 'entra-secret-0123456789',
  cohere: 'co-test-0123456789',
  mistral: 'mistral-test-0123456789',
} as const;

/**
 * One provider account under test and the routes made for it: `<name>` (the plain model),
 * `<name>:tools`, `<name>:embed` and `<name>:fail-400|429|500` when the case has them.
 */
export interface ProviderCase {
  /** Route alias prefix, also the provider's id suffix and name. */
  name: string;
  kind: string;
  model: string;
  /** A model the fake answers with a tool call when tools are offered (default `model`). */
  toolModel?: string;
  embeddingsModel?: string;
  /** Whether `fail-*` models make the fake answer errors. */
  errors: boolean;
  /** What the fake received (chat calls). */
  requests(): RecordedRequest[];
}

export interface ProviderGateway {
  gateway: Gateway;
  /** Access tokens the fake Google and Entra token endpoints issued. */
  tokensIssued(): { google: number; entra: number };
  cases: Record<string, ProviderCase>;
  client(): OpenAI;
  close(): Promise<void>;
}

type Account = Omit<SnapshotProvider, 'id' | 'workspaceId' | 'name' | 'credentials'> & {
  credentials: ProviderCredentials;
};

function provider(name: string, account: Account): SnapshotProvider {
  const id = `p-${name}`;
  return {
    id,
    workspaceId: 'w1',
    name,
    kind: account.kind,
    baseUrl: account.baseUrl,
    credentials: sealSecret(SNAPSHOT_KEY, id, JSON.stringify(account.credentials)),
    ...(account.options ? { options: account.options } : {}),
  };
}

function route(alias: string, providerId: string, model: string): SnapshotRoute {
  return { id: `r-${alias}`, workspaceId: 'w1', alias, strategy: 'single', targets: [{ providerId, model }] };
}

/** Every fake upstream, one provider account per kind, routes for each, and a gateway serving them. */
export async function startProviderGateway(): Promise<ProviderGateway> {
  const openai = await startFakeOpenAI({ apiKey: SECRETS.openai });
  const anthropic = await startFakeAnthropic({ apiKey: SECRETS.anthropic });
  const google = await startFakeGemini({ apiKey: SECRETS.gemini });
  const serviceAccount = geminiFixtures.makeTestServiceAccount(
    google.tokenUrl,
    'switchyard-providers@switchyard-test.iam.gserviceaccount.com',
  );
  google.trust(serviceAccount);
  const bedrock = await startFakeBedrock();
  const azure = await startFakeAzureOpenAI({
    apiKey: SECRETS.azure,
    clientId: SECRETS.azureClientId,
    clientSecret: SECRETS.azureClientSecret,
  });
  const cohere = await startFakeCohere({ apiKey: SECRETS.cohere });
  const mistral = await startFakeMistral({ apiKey: SECRETS.mistral });

  const vertexOptions = { project: 'switchyard-test', location: 'us-central1', tokenUrl: google.tokenUrl };
  const accounts: Record<string, Account> = {
    openai: { kind: 'openai', baseUrl: openai.baseUrl, credentials: { apiKey: SECRETS.openai } },
    groq: { kind: 'groq', baseUrl: openai.baseUrl, credentials: { apiKey: SECRETS.openai } },
    anthropic: { kind: 'anthropic', baseUrl: anthropic.baseUrl, credentials: { apiKey: SECRETS.anthropic } },
    gemini: { kind: 'gemini', baseUrl: google.baseUrl, credentials: { apiKey: SECRETS.gemini } },
    vertex: {
      kind: 'vertex',
      baseUrl: google.vertexBaseUrl,
      options: vertexOptions,
      credentials: { serviceAccountJson: serviceAccount.json },
    },
    bedrock: {
      kind: 'bedrock',
      baseUrl: bedrock.baseUrl,
      options: { region: 'us-east-1' },
      credentials: {
        awsAccessKeyId: FAKE_AWS_CREDENTIALS.accessKeyId,
        awsSecretAccessKey: FAKE_AWS_CREDENTIALS.secretAccessKey,
      },
    },
    azure: {
      kind: 'azure-openai',
      baseUrl: azure.baseUrl,
      options: { apiVersion: '2024-10-21' },
      credentials: { apiKey: SECRETS.azure },
    },
    'azure-entra': {
      kind: 'azure-openai',
      baseUrl: azure.baseUrl,
      options: { apiVersion: '2024-10-21', tokenUrl: azure.tokenUrl },
      credentials: { clientId: SECRETS.azureClientId, clientSecret: SECRETS.azureClientSecret },
    },
    cohere: { kind: 'cohere', baseUrl: cohere.baseUrl, credentials: { apiKey: SECRETS.cohere } },
    mistral: { kind: 'mistral', baseUrl: mistral.baseUrl, credentials: { apiKey: SECRETS.mistral } },
  };

  const cases: Record<string, ProviderCase> = {
    openai: {
      name: 'openai',
      kind: 'openai',
      model: 'gpt-4o-mini',
      embeddingsModel: 'text-embedding-3-small',
      errors: true,
      requests: () => openai.requests,
    },
    groq: {
      name: 'groq',
      kind: 'groq',
      model: 'llama-3.3-70b-versatile',
      errors: true,
      requests: () => openai.requests,
    },
    anthropic: {
      name: 'anthropic',
      kind: 'anthropic',
      model: 'claude-sonnet-4-5',
      toolModel: 'tools',
      errors: true,
      requests: () => anthropic.requests,
    },
    gemini: {
      name: 'gemini',
      kind: 'gemini',
      model: 'gemini-2.5-flash',
      embeddingsModel: 'gemini-embedding-001',
      errors: true,
      requests: () => google.requests,
    },
    vertex: {
      name: 'vertex',
      kind: 'vertex',
      model: 'gemini-2.5-pro',
      embeddingsModel: 'text-embedding-005',
      errors: true,
      requests: () => google.requests,
    },
    'vertex-claude': {
      name: 'vertex-claude',
      kind: 'vertex',
      model: 'claude-sonnet-4-5@20250929',
      errors: false,
      requests: () => google.requests,
    },
    bedrock: {
      name: 'bedrock',
      kind: 'bedrock',
      model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      embeddingsModel: 'amazon.titan-embed-text-v2:0',
      errors: true,
      requests: () => bedrock.requests,
    },
    azure: {
      name: 'azure',
      kind: 'azure-openai',
      model: 'gpt-4o-prod',
      embeddingsModel: 'embed-small',
      errors: true,
      requests: () => azure.requests,
    },
    'azure-entra': {
      name: 'azure-entra',
      kind: 'azure-openai',
      model: 'gpt-4o-entra',
      errors: false,
      requests: () => azure.requests,
    },
    cohere: {
      name: 'cohere',
      kind: 'cohere',
      model: 'command-a-03-2025',
      embeddingsModel: 'embed-v4.0',
      errors: true,
      requests: () => cohere.requests,
    },
    mistral: {
      name: 'mistral',
      kind: 'mistral',
      model: 'mistral-large-latest',
      embeddingsModel: 'mistral-embed',
      errors: true,
      requests: () => mistral.requests,
    },
  };

  const providers = Object.entries(accounts).map(([name, account]) => provider(name, account));
  const routes: SnapshotRoute[] = [];
  const providerOf = (c: ProviderCase) => (c.name === 'vertex-claude' ? 'p-vertex' : `p-${c.name}`);
  for (const c of Object.values(cases)) {
    routes.push(route(c.name, providerOf(c), c.model));
    routes.push(route(`${c.name}:tools`, providerOf(c), c.toolModel ?? c.model));
    if (c.embeddingsModel) routes.push(route(`${c.name}:embed`, providerOf(c), c.embeddingsModel));
    if (c.errors) {
      for (const failure of ['fail-400', 'fail-429', 'fail-500'])
        routes.push(route(`${c.name}:${failure}`, providerOf(c), failure));
    }
  }
  routes.push(route('bedrock:embed-cohere', 'p-bedrock', 'cohere.embed-english-v3'));
  routes.push(route('azure-entra:embed', 'p-azure-entra', 'embed-small'));
  // The fake reports thoughts and cached prompt tokens for models named `…thinking…`.
  routes.push(route('gemini:thinking', 'p-gemini', 'gemini-2.5-flash-thinking'));
  routes.push(route('vertex:thinking', 'p-vertex', 'gemini-2.5-pro-thinking'));
  routes.push(route('anthropic:overloaded', 'p-anthropic', 'fail-529'));
  routes.push(route('vertex-claude:overloaded', 'p-vertex', 'claude-fail-529'));
  routes.push(route('azure:filtered', 'p-azure', 'filtered-output'));
  routes.push(route('gemini:blocked', 'p-gemini', 'blocked'));

  const content: SnapshotContent = {
    workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo' }],
    providers: providers.sort((a, b) => a.id.localeCompare(b.id)),
    routes: routes.sort((a, b) => a.id.localeCompare(b.id)),
    keys: [
      {
        id: 'k-all',
        workspaceId: 'w1',
        name: 'all',
        hash: hashKeySecret(KEYS.all),
        expiresAt: null,
        allowedRouteIds: null,
      },
    ],
  };

  const telemetry = await new TestTelemetryServer().start();
  const bucket: TestBucket = await testBucket();
  await bucket.put(makeSnapshot(content, 1));
  const gateway = await startGateway(
    gatewayEnv({
      SWITCHYARD_SNAPSHOT_BUCKET: bucket.name,
      SWITCHYARD_CONTROL_PLANE_GRPC: telemetry.address,
      SWITCHYARD_UPSTREAM_TIMEOUT_MS: '5000',
    }),
  );
  await waitFor('the snapshot to be applied', async () => (await fetch(`${gateway.url}/readyz`)).ok);

  return {
    gateway,
    tokensIssued: () => ({ google: google.tokensIssued, entra: azure.tokensIssued }),
    cases,
    client: () =>
      new OpenAI({ apiKey: KEYS.all, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 10_000 }),
    async close() {
      await gateway.close();
      await telemetry.stop();
      await bucket.close();
      await Promise.all([openai, anthropic, google, bedrock, azure, cohere, mistral].map((f) => f.close()));
    },
  };
}
