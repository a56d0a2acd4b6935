import { openSecret, type Snapshot, type SnapshotRoute } from '@switchyard/proto';
import { readKvSnapshot } from './support/infra';
import { SNAPSHOT_KEY, startTestPlane, type GraphqlResponse, type TestPlane } from './support/plane';

const TARGET =
  'providerId routeId model weight overrides timeoutMs retry { attempts backoffMs maxBackoffMs onStatuses } breaker { failures windowMs cooldownMs }';
const ROUTE = `id alias strategy targets { ${TARGET} }
  fallback { onStatuses onTimeout onConnectionError }
  conditions { defaultTarget rules { target when { field op value } } }
  semantic { threshold defaultTarget onEmbedError embedder { providerId model } intents { name examples target threshold } }
  ensemble { mode minResponses deadlineMs judgePrompt judge { ${TARGET} } }`;
const CREATE_ROUTE = `mutation($input: CreateRouteInput!) { createRoute(input: $input) { ${ROUTE} } }`;
const UPDATE_ROUTE = `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { ${ROUTE} } }`;
const DELETE_ROUTE = `mutation($input: DeleteRouteInput!) { deleteRoute(input: $input) { id } }`;
const CREATE_PROVIDER = `mutation($input: CreateProviderAccountInput!) {
  createProviderAccount(input: $input) { id kind baseUrl options hasCredentials } }`;

let t: TestPlane;
let ws: string;
let openai: string;
let claude: string;

beforeAll(async () => {
  t = await startTestPlane();
  ws = await createWorkspace('routing');
  openai = await createProvider(ws, {
    name: 'openai',
    kind: 'openai',
    baseUrl: 'http://127.0.0.1:9001/v1',
    apiKey: 'sk-o',
  });
  claude = await createProvider(ws, {
    name: 'claude',
    kind: 'anthropic',
    baseUrl: 'http://127.0.0.1:9002/v1',
    apiKey: 'sk-a',
  });
});

afterAll(async () => {
  await t?.close();
});

async function createWorkspace(slug: string): Promise<string> {
  const data = await t.ok<{ createWorkspace: { id: string } }>(
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
    { input: { slug, name: slug } },
  );
  return data.createWorkspace.id;
}

async function createProvider(workspaceId: string, input: Record<string, unknown>): Promise<string> {
  const data = await t.ok<{ createProviderAccount: { id: string } }>(CREATE_PROVIDER, {
    input: { workspaceId, ...input },
  });
  return data.createProviderAccount.id;
}

async function createRoute(
  input: Record<string, unknown>,
): Promise<Record<string, unknown> & { id: string }> {
  const data = await t.ok<{ createRoute: Record<string, unknown> & { id: string } }>(CREATE_ROUTE, {
    input: { workspaceId: ws, ...input },
  });
  return data.createRoute;
}

async function published(): Promise<Snapshot> {
  return JSON.parse((await readKvSnapshot(t.bucket))!.toString()) as Snapshot;
}

async function publishedRoute(id: string): Promise<SnapshotRoute> {
  const route = (await published()).content.routes.find((r) => r.id === id);
  if (!route) throw new Error(`route ${id} is not in the published snapshot`);
  return route;
}

function reasonOf(res: GraphqlResponse): [string | undefined, string | undefined] {
  return [res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.reason];
}

describe('routes of every strategy reach the published snapshot', () => {
  it('single and weighted, with per-target settings and a fallback policy', async () => {
    const single = await createRoute({
      alias: 'one',
      targets: [{ providerId: openai, model: 'gpt-4o-mini' }],
    });
    expect(await publishedRoute(single.id)).toEqual({
      id: single.id,
      workspaceId: ws,
      alias: 'one',
      strategy: 'single',
      targets: [{ providerId: openai, model: 'gpt-4o-mini' }],
    });

    const weighted = await createRoute({
      alias: 'split',
      strategy: 'weighted',
      targets: [
        {
          providerId: openai,
          model: 'gpt-4o',
          weight: 3,
          overrides: { temperature: 0.2, max_tokens: 512 },
          retry: { attempts: 3 },
          timeoutMs: 20_000,
          breaker: { failures: 4 },
        },
        { providerId: claude, model: 'claude-sonnet-4', weight: 1 },
      ],
      fallback: { onStatuses: [429, 503], onTimeout: false },
    });
    expect(weighted.targets).toEqual([
      {
        providerId: openai,
        routeId: null,
        model: 'gpt-4o',
        weight: 3,
        overrides: { temperature: 0.2, max_tokens: 512 },
        timeoutMs: 20_000,
        retry: { attempts: 3, backoffMs: 250, maxBackoffMs: 10_000, onStatuses: [429, 500, 502, 503, 504] },
        breaker: { failures: 4, windowMs: 60_000, cooldownMs: 30_000 },
      },
      expect.objectContaining({ providerId: claude, weight: 1, retry: null, breaker: null }),
    ]);
    const route = await publishedRoute(weighted.id);
    expect(route.strategy).toBe('weighted');
    expect(route.targets[0]).toEqual({
      providerId: openai,
      model: 'gpt-4o',
      weight: 3,
      overrides: { temperature: 0.2, max_tokens: 512 },
      retry: { attempts: 3, backoffMs: 250, maxBackoffMs: 10_000, onStatuses: [429, 500, 502, 503, 504] },
      timeoutMs: 20_000,
      breaker: { failures: 4, windowMs: 60_000, cooldownMs: 30_000 },
    });
    expect(route.fallback).toEqual({ onStatuses: [429, 503], onTimeout: false, onConnectionError: true });
  });

  it('fallback, least-latency and lowest-cost, one of them nesting another route', async () => {
    const inner = await createRoute({
      alias: 'inner',
      targets: [{ providerId: claude, model: 'claude-haiku' }],
    });
    const fallback = await createRoute({
      alias: 'resilient',
      strategy: 'fallback',
      targets: [{ providerId: openai, model: 'gpt-4o' }, { routeId: inner.id }],
    });
    expect((await publishedRoute(fallback.id)).targets).toEqual([
      { providerId: openai, model: 'gpt-4o' },
      { providerId: null, model: '', routeId: inner.id },
    ]);
    for (const strategy of ['least-latency', 'lowest-cost']) {
      const r = await createRoute({
        alias: strategy,
        strategy,
        targets: [
          { providerId: openai, model: 'gpt-4o-mini' },
          { providerId: claude, model: 'claude-haiku' },
        ],
      });
      expect((await publishedRoute(r.id)).strategy).toBe(strategy);
    }
  });

  it('conditional', async () => {
    const r = await createRoute({
      alias: 'by-tier',
      strategy: 'conditional',
      targets: [
        { providerId: openai, model: 'gpt-4o-mini' },
        { providerId: claude, model: 'claude-opus' },
      ],
      conditions: {
        rules: [
          { when: [{ field: 'metadata.tier', op: 'in', value: ['gold', 'platinum'] }], target: 1 },
          { when: [{ field: 'header.x-team', op: 'regex', value: '^ml-' }], target: 1 },
        ],
        defaultTarget: 0,
      },
    });
    expect((await publishedRoute(r.id)).conditions).toEqual({
      rules: [
        { when: [{ field: 'metadata.tier', op: 'in', value: ['gold', 'platinum'] }], target: 1 },
        { when: [{ field: 'header.x-team', op: 'regex', value: '^ml-' }], target: 1 },
      ],
      defaultTarget: 0,
    });
  });

  it('semantic, with a provider embedder and the local one', async () => {
    const r = await createRoute({
      alias: 'by-intent',
      strategy: 'semantic',
      targets: [
        { providerId: openai, model: 'gpt-4o' },
        { providerId: claude, model: 'claude-sonnet-4' },
      ],
      semantic: {
        embedder: { providerId: openai, model: 'text-embedding-3-small' },
        threshold: 0.6,
        intents: [
          { name: 'code', examples: ['write a function', 'fix this bug'], target: 1, threshold: 0.7 },
          { name: 'chat', examples: ['hello'], target: 0 },
        ],
        defaultTarget: 0,
      },
    });
    expect((await publishedRoute(r.id)).semantic).toEqual({
      embedder: { providerId: openai, model: 'text-embedding-3-small' },
      threshold: 0.6,
      intents: [
        { name: 'code', examples: ['write a function', 'fix this bug'], target: 1, threshold: 0.7 },
        { name: 'chat', examples: ['hello'], target: 0 },
      ],
      defaultTarget: 0,
      onEmbedError: 'default',
    });
    const local = await t.ok<{ updateRoute: { semantic: { embedder: unknown; onEmbedError: string } } }>(
      UPDATE_ROUTE,
      {
        input: {
          workspaceId: ws,
          id: r.id,
          semantic: {
            threshold: 0.5,
            intents: [{ name: 'any', examples: ['x'], target: 0 }],
            onEmbedError: 'fail',
          },
        },
      },
    );
    expect(local.updateRoute.semantic).toMatchObject({
      embedder: { providerId: null, model: '' },
      onEmbedError: 'fail',
    });
    expect((await publishedRoute(r.id)).semantic?.defaultTarget).toBeNull();
  });

  it('ensemble with a judge, and clearing a block with null', async () => {
    const r = await createRoute({
      alias: 'panel',
      strategy: 'ensemble',
      targets: [
        { providerId: openai, model: 'gpt-4o' },
        { providerId: claude, model: 'claude-sonnet-4' },
      ],
      ensemble: {
        mode: 'synthesize',
        judge: { providerId: claude, model: 'claude-opus', overrides: { temperature: 0 } },
        minResponses: 2,
        deadlineMs: 45_000,
        judgePrompt: 'Merge the answers.',
      },
      fallback: {},
    });
    expect((await publishedRoute(r.id)).ensemble).toEqual({
      mode: 'synthesize',
      judge: { providerId: claude, model: 'claude-opus', overrides: { temperature: 0 } },
      minResponses: 2,
      deadlineMs: 45_000,
      judgePrompt: 'Merge the answers.',
    });
    await t.ok(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: r.id, fallback: null, ensemble: { mode: 'vote' } },
    });
    const after = await publishedRoute(r.id);
    expect(after.fallback).toBeUndefined();
    expect(after.ensemble).toEqual({ mode: 'vote', minResponses: 1, deadlineMs: 30_000 });
  });
});

describe('routes are checked when written, each problem with its code', () => {
  const target = () => ({ providerId: openai, model: 'm' });

  it('refuses a target index out of range', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-index',
        strategy: 'conditional',
        targets: [target()],
        conditions: { rules: [{ when: [{ field: 'key.name', op: 'eq', value: 'ci' }], target: 3 }] },
      },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_TARGET_OUT_OF_RANGE']);
    expect(res.errors?.[0].message).toMatch(/names target 3, but the route has 1/);
    const semantic = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-intent',
        strategy: 'semantic',
        targets: [target()],
        semantic: { threshold: 0.5, intents: [{ name: 'x', examples: ['x'], target: 1 }] },
      },
    });
    expect(reasonOf(semantic)).toEqual(['BAD_USER_INPUT', 'ROUTE_TARGET_OUT_OF_RANGE']);
  });

  it('refuses a regex that does not compile', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'bad-regex',
        strategy: 'conditional',
        targets: [target()],
        conditions: { rules: [{ when: [{ field: 'header.x', op: 'regex', value: '([' }], target: 0 }] },
      },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_REGEX']);
  });

  it('refuses synthesize and select without a judge', async () => {
    for (const mode of ['synthesize', 'select']) {
      const res = await t.gql(CREATE_ROUTE, {
        input: {
          workspaceId: ws,
          alias: `no-judge-${mode}`,
          strategy: 'ensemble',
          targets: [target()],
          ensemble: { mode },
        },
      });
      expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_JUDGE_REQUIRED']);
    }
  });

  it('refuses a strategy without its settings', async () => {
    const res = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'no-conditions', strategy: 'conditional', targets: [target()] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_SETTINGS']);
  });

  it('refuses a target naming both or neither of a provider and a route', async () => {
    const both = await t.gql(CREATE_ROUTE, {
      input: {
        workspaceId: ws,
        alias: 'both',
        targets: [{ providerId: openai, routeId: openai, model: 'm' }],
      },
    });
    expect(reasonOf(both)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_TARGET']);
    const neither = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'neither', targets: [{ model: 'm' }] },
    });
    expect(reasonOf(neither)).toEqual(['BAD_USER_INPUT', 'ROUTE_INVALID_TARGET']);
  });

  it("refuses another workspace's provider as a target, judge or embedder, and another workspace's route", async () => {
    const other = await createWorkspace('routing-other');
    const foreign = await createProvider(other, { name: 'p', kind: 'groq', apiKey: 'gsk' });
    const foreignRoute = await t.ok<{ createRoute: { id: string } }>(CREATE_ROUTE, {
      input: { workspaceId: other, alias: 'theirs', targets: [{ providerId: foreign, model: 'llama' }] },
    });
    const cases = [
      { alias: 'x1', targets: [{ providerId: foreign, model: 'm' }] },
      {
        alias: 'x2',
        strategy: 'ensemble',
        targets: [target()],
        ensemble: { mode: 'select', judge: { providerId: foreign, model: 'm' } },
      },
      {
        alias: 'x3',
        strategy: 'semantic',
        targets: [target()],
        semantic: {
          embedder: { providerId: foreign, model: 'e' },
          threshold: 0.5,
          intents: [{ name: 'a', examples: ['a'], target: 0 }],
        },
      },
    ];
    for (const input of cases) {
      expect(reasonOf(await t.gql(CREATE_ROUTE, { input: { workspaceId: ws, ...input } }))).toEqual([
        'BAD_USER_INPUT',
        'ROUTE_UNKNOWN_PROVIDER',
      ]);
    }
    const nested = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'x4', targets: [{ routeId: foreignRoute.createRoute.id }] },
    });
    expect(reasonOf(nested)).toEqual(['BAD_USER_INPUT', 'ROUTE_UNKNOWN_ROUTE']);
  });

  it('refuses routes that nest into a cycle', async () => {
    const a = await createRoute({ alias: 'cycle-a', targets: [target()] });
    const b = await createRoute({ alias: 'cycle-b', targets: [{ routeId: a.id }] });
    const res = await t.gql(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: a.id, targets: [{ routeId: b.id }] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_CYCLE']);
    expect(res.errors?.[0].message).toMatch(/"cycle-a" -> "cycle-b" -> "cycle-a"/);
    const self = await t.gql(UPDATE_ROUTE, {
      input: { workspaceId: ws, id: a.id, targets: [{ routeId: a.id }] },
    });
    expect(reasonOf(self)).toEqual(['BAD_USER_INPUT', 'ROUTE_CYCLE']);
    // Nothing was written: a still targets the provider.
    expect((await publishedRoute(a.id)).targets).toEqual([target()]);
  });

  it('refuses nesting deeper than MAX_ROUTE_DEPTH', async () => {
    let below = (await createRoute({ alias: 'depth-1', targets: [target()] })).id;
    for (let level = 2; level <= 4; level++)
      below = (await createRoute({ alias: `depth-${level}`, targets: [{ routeId: below }] })).id;
    const res = await t.gql(CREATE_ROUTE, {
      input: { workspaceId: ws, alias: 'depth-5', targets: [{ routeId: below }] },
    });
    expect(reasonOf(res)).toEqual(['BAD_USER_INPUT', 'ROUTE_TOO_DEEP']);
  });

  it('refuses to delete a route another route targets or judges with, then deletes it', async () => {
    const leaf = await createRoute({ alias: 'leaf', targets: [target()] });
    const parent = await createRoute({ alias: 'parent', targets: [{ routeId: leaf.id }] });
    const judged = await createRoute({
      alias: 'judged',
      strategy: 'ensemble',
      targets: [target()],
      ensemble: { mode: 'select', judge: { routeId: leaf.id } },
    });
    const refused = await t.gql(DELETE_ROUTE, { input: { workspaceId: ws, id: leaf.id } });
    expect(reasonOf(refused)).toEqual(['CONFLICT', 'ROUTE_IN_USE']);
    expect(refused.errors?.[0].message).toMatch(/"judged", "parent"/);
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: parent.id } });
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: judged.id } });
    await t.ok(DELETE_ROUTE, { input: { workspaceId: ws, id: leaf.id } });
  });

  it('refuses to delete a provider used only as a judge', async () => {
    const judge = await createProvider(ws, {
      name: 'judge-only',
      kind: 'mistral',
      baseUrl: 'http://127.0.0.1:9003/v1',
    });
    await createRoute({
      alias: 'judged-by-provider',
      strategy: 'ensemble',
      targets: [target()],
      ensemble: { mode: 'select', judge: { providerId: judge, model: 'mistral-large' } },
    });
    const res = await t.gql(
      `mutation($input: DeleteProviderAccountInput!) { deleteProviderAccount(input: $input) { id } }`,
      { input: { workspaceId: ws, id: judge } },
    );
    expect(reasonOf(res)).toEqual(['CONFLICT', 'PROVIDER_ACCOUNT_IN_USE']);
  });
});

it('deletes a workspace whose routes nest and judge with each other', async () => {
  const w = await createWorkspace('nested-delete');
  const p = await createProvider(w, { name: 'p', kind: 'ollama' });
  const create = async (input: Record<string, unknown>) =>
    (await t.ok<{ createRoute: { id: string } }>(CREATE_ROUTE, { input: { workspaceId: w, ...input } }))
      .createRoute.id;
  const leaf = await create({ alias: 'leaf', targets: [{ providerId: p, model: 'llama3' }] });
  const mid = await create({ alias: 'mid', targets: [{ routeId: leaf }] });
  await create({
    alias: 'top',
    strategy: 'ensemble',
    targets: [{ routeId: mid }, { routeId: leaf }],
    ensemble: { mode: 'select', judge: { routeId: mid } },
  });
  await t.ok(`mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { id } }`, {
    input: { id: w },
  });
  expect((await published()).content.routes.some((r) => r.workspaceId === w)).toBe(false);
});

describe('providers of every kind', () => {
  it('defaults a preset base URL, keeps options and seals every credential field', async () => {
    const created = await t.gql<{ createProviderAccount: { id: string; baseUrl: string; options: unknown } }>(
      CREATE_PROVIDER,
      { input: { workspaceId: ws, name: 'groq', kind: 'groq', apiKey: 'gsk-secret-value' } },
    );
    expect(created.data?.createProviderAccount.baseUrl).toBe('https://api.groq.com/openai/v1');

    const bedrock = await t.gql<{
      createProviderAccount: { id: string; options: unknown; hasCredentials: boolean };
    }>(CREATE_PROVIDER, {
      input: {
        workspaceId: ws,
        name: 'aws',
        kind: 'bedrock',
        baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
        options: { region: 'us-east-1' },
        awsAccessKeyId: 'AKIA-planted',
        awsSecretAccessKey: 'aws-secret-planted',
      },
    });
    expect(bedrock.data?.createProviderAccount).toMatchObject({
      options: { region: 'us-east-1' },
      hasCredentials: true,
    });
    expect(bedrock.raw).not.toMatch(/planted/);
    const id = bedrock.data!.createProviderAccount.id;

    const updated = await t.gql(
      `mutation($input: UpdateProviderAccountInput!) { updateProviderAccount(input: $input) { id options } }`,
      { input: { workspaceId: ws, id, awsSessionToken: 'session-planted', awsAccessKeyId: null } },
    );
    expect(updated.errors).toBeUndefined();
    const list = await t.gql(
      `query($w: ID!) { providerAccounts(workspaceId: $w) { id name kind baseUrl options hasCredentials } }`,
      { w: ws },
    );
    expect(list.raw).not.toMatch(/planted|gsk-secret/);

    const snapshot = await published();
    const p = snapshot.content.providers.find((x) => x.id === id)!;
    expect(p.options).toEqual({ region: 'us-east-1' });
    expect(JSON.parse(openSecret(Buffer.from(SNAPSHOT_KEY, 'hex'), id, p.credentials!))).toEqual({
      awsSecretAccessKey: 'aws-secret-planted',
      awsSessionToken: 'session-planted',
    });
    expect(snapshot.content.providers.find((x) => x.id === openai)!.options).toBeUndefined();
  });

  it('refuses a missing bedrock region or vertex project, bad options, and a non-preset kind without a base URL', async () => {
    const create = (input: Record<string, unknown>) =>
      t.gql(CREATE_PROVIDER, { input: { workspaceId: ws, name: `p-${Math.random()}`, ...input } });
    const bedrock = await create({
      kind: 'bedrock',
      baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
    });
    expect(reasonOf(bedrock)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_MISSING_OPTION']);
    expect(bedrock.errors?.[0].message).toMatch(/region/);
    const vertex = await create({
      kind: 'vertex',
      baseUrl: 'https://x.example/v1',
      options: { project: 'p' },
    });
    expect(reasonOf(vertex)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_MISSING_OPTION']);
    expect(vertex.errors?.[0].message).toMatch(/location/);
    const nested = await create({
      kind: 'azure-openai',
      baseUrl: 'https://x.example',
      options: { apiVersion: { v: 1 } },
    });
    expect(reasonOf(nested)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_INVALID_OPTIONS']);
    const azure = await create({
      kind: 'azure-openai',
      baseUrl: 'https://x.openai.azure.com/openai',
      clientId: 'c',
      clientSecret: 's',
    });
    expect(azure.errors).toBeUndefined();
    expect(reasonOf(await create({ kind: 'azure-openai' }))).toEqual([
      'BAD_USER_INPUT',
      'PROVIDER_ACCOUNT_BASE_URL_REQUIRED',
    ]);
    const badKey = await create({
      kind: 'vertex',
      baseUrl: 'https://x.example/v1',
      options: { project: 'p', location: 'l' },
      serviceAccountJson: 'nope',
    });
    expect(reasonOf(badKey)).toEqual(['BAD_USER_INPUT', 'PROVIDER_ACCOUNT_INVALID_CREDENTIALS']);
  });
});

describe('model prices', () => {
  it('creates, updates and deletes overrides, compiled into the snapshot', async () => {
    const price = `id providerKind model inputPerMTok outputPerMTok cachedInputPerMTok contextWindow`;
    const created = await t.ok<{ createModelPrice: { id: string } }>(
      `mutation($input: CreateModelPriceInput!) { createModelPrice(input: $input) { ${price} } }`,
      {
        input: {
          workspaceId: ws,
          providerKind: 'anthropic',
          model: 'claude-sonnet-4',
          inputPerMTok: 2_500_000,
          outputPerMTok: 12_000_000,
          cachedInputPerMTok: 250_000,
        },
      },
    );
    const id = created.createModelPrice.id;
    expect((await published()).content.modelPrices).toEqual([
      {
        workspaceId: ws,
        providerKind: 'anthropic',
        model: 'claude-sonnet-4',
        inputPerMTok: 2_500_000,
        outputPerMTok: 12_000_000,
        cachedInputPerMTok: 250_000,
      },
    ]);
    const dup = await t.gql(
      `mutation($input: CreateModelPriceInput!) { createModelPrice(input: $input) { id } }`,
      {
        input: {
          workspaceId: ws,
          providerKind: 'anthropic',
          model: 'claude-sonnet-4',
          inputPerMTok: 1,
          outputPerMTok: 1,
        },
      },
    );
    expect(reasonOf(dup)).toEqual(['CONFLICT', 'MODEL_PRICE_TAKEN']);

    await t.ok(`mutation($input: UpdateModelPriceInput!) { updateModelPrice(input: $input) { ${price} } }`, {
      input: {
        workspaceId: ws,
        id,
        outputPerMTok: 10_000_000,
        cachedInputPerMTok: null,
        contextWindow: 200_000,
      },
    });
    expect((await published()).content.modelPrices).toEqual([
      {
        workspaceId: ws,
        providerKind: 'anthropic',
        model: 'claude-sonnet-4',
        inputPerMTok: 2_500_000,
        outputPerMTok: 10_000_000,
        contextWindow: 200_000,
      },
    ]);
    const list = await t.ok<{ modelPrices: unknown[] }>(
      `query($w: ID!) { modelPrices(workspaceId: $w) { ${price} } }`,
      { w: ws },
    );
    expect(list.modelPrices).toHaveLength(1);
    await t.ok(`mutation($input: DeleteModelPriceInput!) { deleteModelPrice(input: $input) { id } }`, {
      input: { workspaceId: ws, id },
    });
    expect((await published()).content.modelPrices).toBeUndefined();
  });
});
