import { memberSession } from './support/identity';
import { sql } from './support/infra';
import { startTestPlane, type TestPlane } from './support/plane';

let t: TestPlane;
let workspaceId: string;
let otherWorkspaceId: string;
const KEY_A = '00000000-0000-4000-8000-00000000000a';

beforeAll(async () => {
  t = await startTestPlane();
  const ws = await t.ok<{ a: { id: string }; b: { id: string } }>(
    `mutation { a: createWorkspace(input: {slug: "ts", name: "TS"}) { id }
                b: createWorkspace(input: {slug: "ts-other", name: "Other"}) { id } }`,
  );
  workspaceId = ws.a.id;
  otherWorkspaceId = ws.b.id;
  // Rows as the telemetry ingest stores them: two hours of 2026-01-01, one sub-call, one cache hit.
  const rows: [
    string,
    string,
    string | null,
    string,
    number,
    number,
    number,
    number,
    string | null,
    string | null,
  ][] = [
    // requestId, startedAt, parent, model, status, latency, cost, tokens, cache, keyId
    ['r1', '2026-01-01T10:05:00Z', null, 'gpt-4o', 200, 100, 1000, 10, 'miss', KEY_A],
    ['r2', '2026-01-01T10:20:00Z', null, 'gpt-4o', 200, 300, 2000, 20, 'hit', KEY_A],
    ['r3', '2026-01-01T10:40:00Z', null, 'gpt-4o-mini', 502, 500, 0, 0, null, null],
    ['r3-judge', '2026-01-01T10:40:01Z', 'r3', 'gpt-4o-mini', 200, 9000, 500, 5, null, null],
    ['r4', '2026-01-01T11:30:00Z', null, 'gpt-4o', 200, 200, 4000, 40, null, KEY_A],
    ['r5', '2026-01-01T13:00:00Z', null, 'gpt-4o', 200, 200, 8000, 80, null, KEY_A],
  ];
  for (const [id, startedAt, parent, model, status, latency, cost, tokens, cache, keyId] of rows) {
    await sql(
      t.databaseUrl,
      `INSERT INTO usage_records (request_id, workspace_id, key_id, route_alias, model, endpoint, stream,
         input_tokens, output_tokens, cost_micro_usd, latency_ms, status, started_at, node_id,
         tokens_estimated, parent_request_id, cache_status)
       VALUES ($1, $2, $3, 'fast', $4, 'chat.completions', false, $5, $5, $6, $7, $8, $9, 'n1', false, $10, $11)`,
      [id, workspaceId, keyId, model, tokens, cost, latency, status, startedAt, parent, cache],
    );
  }
  await sql(
    t.databaseUrl,
    `INSERT INTO usage_records (request_id, workspace_id, route_alias, model, endpoint, stream, input_tokens,
       output_tokens, cost_micro_usd, latency_ms, status, started_at, node_id, tokens_estimated)
     VALUES ('elsewhere', $1, 'fast', 'gpt-4o', 'chat.completions', false, 1, 1, 1, 1, 200, '2026-01-01T10:10:00Z', 'n1', false)`,
    [otherWorkspaceId],
  );
});

afterAll(async () => {
  await t?.close();
});

const QUERY = `query($w: ID!, $from: DateTime!, $to: DateTime!, $bucket: String!, $groupBy: String) {
  usageTimeseries(workspaceId: $w, from: $from, to: $to, bucket: $bucket, groupBy: $groupBy) {
    start group requests errors inputTokens outputTokens costMicroUsd latencyP50Ms latencyP95Ms cacheHits cacheLookups
  } }`;

it('aggregates usage per hour in SQL: client requests, errors, percentiles, cache; sub-calls add tokens and cost only', async () => {
  const { usageTimeseries } = await t.ok<{ usageTimeseries: Record<string, unknown>[] }>(QUERY, {
    w: workspaceId,
    from: '2026-01-01T10:00:00Z',
    to: '2026-01-01T13:00:00Z',
    bucket: 'hour',
  });
  expect(usageTimeseries).toEqual([
    {
      start: '2026-01-01T10:00:00.000Z',
      group: null,
      requests: 3,
      errors: 1,
      inputTokens: 35,
      outputTokens: 35,
      costMicroUsd: '3500',
      latencyP50Ms: 300,
      latencyP95Ms: 480,
      cacheHits: 1,
      cacheLookups: 2,
    },
    {
      start: '2026-01-01T11:00:00.000Z',
      group: null,
      requests: 1,
      errors: 0,
      inputTokens: 40,
      outputTokens: 40,
      costMicroUsd: '4000',
      latencyP50Ms: 200,
      latencyP95Ms: 200,
      cacheHits: 0,
      cacheLookups: 0,
    },
  ]);
});

it('groups by model and by key', async () => {
  const byModel = await t.ok<{ usageTimeseries: { start: string; group: string; requests: number }[] }>(
    QUERY,
    {
      w: workspaceId,
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      bucket: 'day',
      groupBy: 'model',
    },
  );
  expect(byModel.usageTimeseries.map(({ start, group, requests }) => ({ start, group, requests }))).toEqual([
    { start: '2026-01-01T00:00:00.000Z', group: 'gpt-4o', requests: 4 },
    { start: '2026-01-01T00:00:00.000Z', group: 'gpt-4o-mini', requests: 1 },
  ]);
  const byKey = await t.ok<{ usageTimeseries: { group: string | null; requests: number }[] }>(QUERY, {
    w: workspaceId,
    from: '2026-01-01T00:00:00Z',
    to: '2026-01-02T00:00:00Z',
    bucket: 'day',
    groupBy: 'key',
  });
  expect(byKey.usageTimeseries.map(({ group, requests }) => ({ group, requests }))).toEqual([
    { group: KEY_A, requests: 4 },
    { group: null, requests: 1 },
  ]);
});

it('refuses bad ranges, buckets and groupings with BAD_USER_INPUT', async () => {
  const bad = async (variables: Record<string, unknown>) => {
    const res = await t.gql(QUERY, {
      w: workspaceId,
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      bucket: 'hour',
      ...variables,
    });
    return res.errors?.[0]?.extensions?.code;
  };
  expect(await bad({ to: '2026-01-01T00:00:00Z' })).toBe('BAD_USER_INPUT');
  expect(await bad({ bucket: 'minute', to: '2026-01-03T00:00:00Z' })).toBe('BAD_USER_INPUT');
  expect(await bad({ bucket: 'week' })).toBe('BAD_USER_INPUT');
  expect(await bad({ groupBy: 'provider; DROP TABLE usage_records' })).toBe('BAD_USER_INPUT');
  expect(await bad({ w: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
});

const INSTALLATION_QUERY = `query($from: DateTime!, $to: DateTime!, $bucket: String!, $groupBy: String) {
  installationUsageTimeseries(from: $from, to: $to, bucket: $bucket, groupBy: $groupBy) {
    start group requests costMicroUsd
  } }`;
const JAN_1 = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', bucket: 'day' };

it('sums every workspace for installation admins, and splits the sum by workspace', async () => {
  const all = await t.ok<{ installationUsageTimeseries: Record<string, unknown>[] }>(
    INSTALLATION_QUERY,
    JAN_1,
  );
  expect(all.installationUsageTimeseries).toEqual([
    { start: '2026-01-01T00:00:00.000Z', group: null, requests: 6, costMicroUsd: '15501' },
  ]);
  const byWorkspace = await t.ok<{ installationUsageTimeseries: { group: string; requests: number }[] }>(
    INSTALLATION_QUERY,
    { ...JAN_1, groupBy: 'workspace' },
  );
  expect(byWorkspace.installationUsageTimeseries.map(({ group, requests }) => ({ group, requests }))).toEqual(
    expect.arrayContaining([
      { group: workspaceId, requests: 5 },
      { group: otherWorkspaceId, requests: 1 },
    ]),
  );
  expect(byWorkspace.installationUsageTimeseries).toHaveLength(2);
});

it('refuses the installation-wide series to a workspace owner, and a grouping it does not know', async () => {
  const owner = await memberSession(t, workspaceId, 'owner');
  const refused = await t.gql(INSTALLATION_QUERY, JAN_1, owner);
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The workspace query has no per-workspace split: one workspace is one series.
  const split = await t.gql(QUERY, { w: workspaceId, ...JAN_1, groupBy: 'workspace' });
  expect(split.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const bad = await t.gql(INSTALLATION_QUERY, { ...JAN_1, groupBy: 'provider' });
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
