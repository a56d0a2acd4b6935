import { listModels, openSecret, type Snapshot } from '@switchyard/proto';
import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { readKvSnapshot } from './support/infra';
import { APPLY_CONFIG, SNAPSHOT_KEY, startTestPlane, type TestPlane } from './support/plane';

interface Result {
  changes: Array<{ kind: string; name: string; workspace: string; action: string }>;
  snapshotVersion: number;
}

/** Routes name providers and routes by name; `smart` names `cheap`, declared after it. */
const yaml = (judgeModel = 'claude-opus') => `workspaces:
  - slug: routing
    name: Routing
    providers:
      - name: openai
        kind: openai
        baseUrl: http://127.0.0.1:9001/v1
        apiKey: \${OPENAI_KEY}
      - name: claude
        kind: anthropic
        baseUrl: http://127.0.0.1:9002/v1
        apiKey: sk-ant
      - name: groq
        kind: groq
        apiKey: gsk
      - name: aws
        kind: bedrock
        baseUrl: https://bedrock-runtime.us-east-1.amazonaws.com
        options:
          region: \${AWS_REGION}
        awsAccessKeyId: AKIA-apply
        awsSecretAccessKey: \${AWS_SECRET}
    routes:
      - alias: smart
        strategy: fallback
        fallback: { onStatuses: [429, 503] }
        targets:
          - provider: claude
            model: claude-sonnet-4
            retry: { attempts: 2, backoffMs: 100 }
            timeoutMs: 30000
            breaker: { failures: 3 }
          - route: cheap
      - alias: cheap
        strategy: weighted
        targets:
          - { provider: groq, model: llama-3.3-70b-versatile, weight: 2, overrides: { temperature: 0.1 } }
          - { provider: openai, model: gpt-4o-mini }
      - alias: tiers
        strategy: conditional
        targets: [{ provider: openai, model: gpt-4o-mini }, { provider: claude, model: claude-opus }]
        conditions:
          defaultTarget: 0
          rules:
            - when: [{ field: metadata.tier, op: eq, value: gold }]
              target: 1
      - alias: intents
        strategy: semantic
        targets: [{ route: cheap }, { route: smart }]
        semantic:
          embedder: { provider: openai, model: text-embedding-3-small }
          threshold: 0.55
          intents:
            - { name: code, examples: [write code, fix a bug], target: 1 }
      - alias: panel
        strategy: ensemble
        targets: [{ provider: openai, model: gpt-4o }, { provider: aws, model: anthropic.claude-3-haiku }]
        ensemble:
          mode: synthesize
          judge: { provider: claude, model: ${judgeModel} }
          minResponses: 2
    modelPrices:
      - { providerKind: anthropic, model: claude-sonnet-4, inputPerMTok: 2000000, outputPerMTok: 10000000 }
`;

const ENV = { OPENAI_KEY: 'sk-openai', AWS_REGION: 'us-east-1', AWS_SECRET: 'aws-secret-apply' };

let t: TestPlane;

beforeAll(async () => {
  t = await startTestPlane();
});

afterAll(async () => {
  await t?.close();
});

async function apply(text: string): Promise<Result> {
  const input = parseConfigYaml(text, ENV);
  return (await t.ok<{ applyConfig: Result }>(APPLY_CONFIG, { input })).applyConfig;
}

async function published(): Promise<Snapshot> {
  return JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
}

const actions = (r: Result) => r.changes.map((c) => `${c.kind}:${c.name}:${c.action}`);

it('creates providers, routes (forward references included) and prices from YAML', async () => {
  const result = await apply(yaml());
  expect(actions(result)).toEqual([
    'workspace:routing:created',
    'provider:openai:created',
    'provider:claude:created',
    'provider:groq:created',
    'provider:aws:created',
    'route:smart:created',
    'route:cheap:created',
    'route:tiers:created',
    'route:intents:created',
    'route:panel:created',
    'modelPrice:anthropic/claude-sonnet-4:created',
  ]);
  const { content } = await published();
  const provider = (name: string) => content.providers.find((p) => p.name === name)!;
  const route = (alias: string) => content.routes.find((r) => r.alias === alias)!;
  expect(provider('groq').baseUrl).toBe('https://api.groq.com/openai/v1');
  expect(provider('aws').options).toEqual({ region: 'us-east-1' });
  expect(
    JSON.parse(
      openSecret(Buffer.from(SNAPSHOT_KEY, 'hex'), provider('aws').id, provider('aws').credentials!),
    ),
  ).toEqual({ awsAccessKeyId: 'AKIA-apply', awsSecretAccessKey: 'aws-secret-apply' });
  expect(route('smart')).toMatchObject({
    strategy: 'fallback',
    fallback: { onStatuses: [429, 503], onTimeout: true, onConnectionError: true },
    targets: [
      {
        providerId: provider('claude').id,
        model: 'claude-sonnet-4',
        retry: { attempts: 2, backoffMs: 100, maxBackoffMs: 10_000, onStatuses: [429, 500, 502, 503, 504] },
        timeoutMs: 30_000,
        breaker: { failures: 3, windowMs: 60_000, cooldownMs: 30_000 },
      },
      { providerId: null, model: '', routeId: route('cheap').id },
    ],
  });
  expect(route('cheap').targets[0]).toEqual({
    providerId: provider('groq').id,
    model: 'llama-3.3-70b-versatile',
    weight: 2,
    overrides: { temperature: 0.1 },
  });
  expect(route('tiers').conditions).toEqual({
    defaultTarget: 0,
    rules: [{ when: [{ field: 'metadata.tier', op: 'eq', value: 'gold' }], target: 1 }],
  });
  expect(route('intents').semantic).toMatchObject({
    embedder: { providerId: provider('openai').id, model: 'text-embedding-3-small' },
    threshold: 0.55,
  });
  expect(route('panel').ensemble).toEqual({
    mode: 'synthesize',
    judge: { providerId: provider('claude').id, model: 'claude-opus' },
    minResponses: 2,
    deadlineMs: 30_000,
  });
  expect(content.modelPrices).toEqual([
    {
      workspaceId: content.workspaces[0].id,
      providerKind: 'anthropic',
      model: 'claude-sonnet-4',
      inputPerMTok: 2_000_000,
      outputPerMTok: 10_000_000,
    },
  ]);
});

it('changes nothing when applied again', async () => {
  const before = await published();
  const again = await apply(yaml());
  expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
  expect(again.snapshotVersion).toBe(before.version);
});

it('updates only the route whose judge changed', async () => {
  const result = await apply(yaml('claude-sonnet-4'));
  expect(result.changes.filter((c) => c.action !== 'unchanged').map((c) => c.name)).toEqual(['panel']);
});

it('refuses a cycle or an unknown route name, writing nothing', async () => {
  const before = await published();
  const cycle = yaml('claude-sonnet-4').replace(
    '- { provider: openai, model: gpt-4o-mini }',
    '- { route: smart }',
  );
  const res = await t.gql(APPLY_CONFIG, { input: parseConfigYaml(cycle, ENV) });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ROUTE_CYCLE' });
  const unknown = yaml('claude-sonnet-4').replace('- route: cheap', '- route: nowhere');
  const res2 = await t.gql(APPLY_CONFIG, { input: parseConfigYaml(unknown, ENV) });
  expect(res2.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONFIG_INVALID' });
  expect(res2.errors?.[0].message).toMatch(/targets\[1\]\.route: no route "nowhere"/);
  expect((await published()).version).toBe(before.version);
});

it('lists the catalog with the workspace override applied', async () => {
  const ws = (await published()).content.workspaces[0].id;
  const catalogRow = listModels('anthropic').find((m) => m.model === 'claude-sonnet-4');
  const res = await t.ok<{ models: Array<{ model: string; inputPerMTok: number; priceSource: string }> }>(
    `query($w: ID) { models(workspaceId: $w, kind: "anthropic", search: "SONNET-4") { kind model inputPerMTok outputPerMTok priceSource tools } }`,
    { w: ws },
  );
  const row = res.models.find((m) => m.model === 'claude-sonnet-4');
  expect(row).toMatchObject({ inputPerMTok: 2_000_000, priceSource: 'override' });
  expect(res.models.every((m) => m.model.toLowerCase().includes('sonnet-4'))).toBe(true);
  if (catalogRow) expect(res.models.filter((m) => m.model === 'claude-sonnet-4')).toHaveLength(1);
  const plain = await t.ok<{ models: Array<{ priceSource: string }> }>(
    `{ models(kind: "openai") { model priceSource } }`,
  );
  expect(plain.models.length).toBeGreaterThan(0);
  expect(plain.models.every((m) => m.priceSource === 'catalog')).toBe(true);
});
