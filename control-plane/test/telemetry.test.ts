import * as grpc from '@grpc/grpc-js';
import { loadTelemetry, type TelemetryClient, type UsageRecord } from '@switchyard/proto';
import { sql } from './support/infra';
import { parsePrometheusText, sampleValue, type Sample } from './support/prometheus-text';
import { NODE_TOKEN, startTestPlane, type TestPlane } from './support/plane';

let t: TestPlane;
let client: TelemetryClient;
let workspaceId: string;

beforeAll(async () => {
  t = await startTestPlane();
  const v1 = loadTelemetry();
  client = new v1.Telemetry(t.plane.grpcAddress, grpc.credentials.createInsecure());
  const ws = await t.ok<{ createWorkspace: { id: string } }>(
    'mutation { createWorkspace(input: {slug: "tel", name: "T"}) { id } }',
  );
  workspaceId = ws.createWorkspace.id;
});

afterAll(async () => {
  client?.close();
  await t?.close();
});

function metadata(token = NODE_TOKEN): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set('authorization', `Bearer ${token}`);
  return m;
}

function call<Req, Res>(
  method: 'ReportUsage' | 'Heartbeat',
  request: Req,
  meta: grpc.Metadata,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    (
      client[method] as unknown as (
        r: Req,
        m: grpc.Metadata,
        cb: (e: grpc.ServiceError | null, v: Res) => void,
      ) => void
    ).call(client, request, meta, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

function record(requestId: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId,
    workspaceId,
    routeAlias: 'fast',
    model: 'gpt-4o-mini',
    endpoint: 'chat.completions',
    inputTokens: 10,
    outputTokens: 20,
    costMicroUsd: 150,
    latencyMs: 40,
    status: 200,
    startedAtMs: Date.UTC(2026, 0, 1, 12),
    nodeId: 'node-1',
    ...overrides,
  };
}

it('stores a batch once however often it is replayed', async () => {
  const batch = {
    nodeId: 'node-1',
    records: [
      record('req-a'),
      record('req-b'),
      record('req-c', { status: 502, errorCode: 'upstream_error' }),
    ],
  };
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 3, duplicates: 0 });
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 0, duplicates: 3 });
  const rows = await sql<{ n: string }>(t.databaseUrl, 'SELECT count(*) AS n FROM usage_records');
  expect(Number(rows[0].n)).toBe(3);
});

it('keeps records whose references dangle, and drops only those without a request id', async () => {
  const batch = {
    nodeId: 'node-1',
    records: [
      record('req-orphan', { workspaceId: '11111111-1111-4111-8111-111111111111', keyId: 'not-a-uuid' }),
      record(''),
      record('req-d'),
      record('req-d'),
    ],
  };
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 2, duplicates: 1 });
  const orphan = await sql(
    t.databaseUrl,
    `SELECT workspace_id, key_id FROM usage_records WHERE request_id = 'req-orphan'`,
  );
  expect(orphan).toEqual([{ workspace_id: '11111111-1111-4111-8111-111111111111', key_id: null }]);
});

it('refuses a wrong or missing node token with UNAUTHENTICATED', async () => {
  await expect(
    call('ReportUsage', { nodeId: 'x', records: [record('req-x')] }, metadata('wrong-token-0123456789')),
  ).rejects.toMatchObject({
    code: grpc.status.UNAUTHENTICATED,
  });
  await expect(call('Heartbeat', { nodeId: 'x' }, new grpc.Metadata())).rejects.toMatchObject({
    code: grpc.status.UNAUTHENTICATED,
  });
  const rows = await sql(t.databaseUrl, `SELECT 1 FROM usage_records WHERE request_id = 'req-x'`);
  expect(rows).toEqual([]);
});

it('lists usage newest first with filters, and sums it', async () => {
  await call(
    'ReportUsage',
    {
      nodeId: 'node-1',
      records: [record('req-late', { startedAtMs: Date.UTC(2026, 0, 2), costMicroUsd: 1000 })],
    },
    metadata(),
  );
  const page = await t.ok<{
    usageRecords: { total: number; items: Array<{ requestId: string; costMicroUsd: string }> };
  }>(
    `query($w: ID!) { usageRecords(workspaceId: $w, limit: 2) { total items { requestId costMicroUsd status startedAt errorCode } } }`,
    { w: workspaceId },
  );
  expect(page.usageRecords.total).toBe(5);
  expect(page.usageRecords.items[0]).toMatchObject({ requestId: 'req-late', costMicroUsd: '1000' });
  expect(page.usageRecords.items).toHaveLength(2);

  const errors = await t.ok<{ usageRecords: { total: number; items: Array<{ requestId: string }> } }>(
    `query($w: ID!) { usageRecords(workspaceId: $w, filter: {status: 502}) { total items { requestId } } }`,
    { w: workspaceId },
  );
  expect(errors.usageRecords.items.map((r) => r.requestId)).toEqual(['req-c']);

  const summary = await t.ok<{ usageSummary: Record<string, unknown> }>(
    `query($w: ID!) { usageSummary(workspaceId: $w, until: "2026-01-02T00:00:00Z") { requests errors inputTokens outputTokens costMicroUsd } }`,
    { w: workspaceId },
  );
  expect(summary.usageSummary).toEqual({
    requests: 4,
    errors: 1,
    inputTokens: 40,
    outputTokens: 80,
    costMicroUsd: '600',
  });
});

it('records heartbeats, shows them in dataPlaneNodes and answers with the latest snapshot version', async () => {
  const latest = await t.ok<{ latestSnapshot: { version: number } }>('{ latestSnapshot { version } }');
  const beat = {
    nodeId: 'node-1',
    hostname: 'gw-1',
    snapshotVersion: latest.latestSnapshot.version,
    snapshotHash: 'ab'.repeat(32),
    uptimeSeconds: 42,
    softwareVersion: '0.1.0',
    usageQueueDepth: 3,
    usageSpilled: 1,
    lastSnapshotError: '',
    gatewayUrl: 'http://127.0.0.1:8080',
  };
  expect(await call('Heartbeat', beat, metadata())).toEqual({
    latestSnapshotVersion: latest.latestSnapshot.version,
  });
  await call('Heartbeat', { ...beat, uptimeSeconds: 47 }, metadata());
  const nodes = await t.ok<{ dataPlaneNodes: unknown[] }>(
    `{ dataPlaneNodes { nodeId hostname snapshotVersion snapshotHash uptimeSeconds softwareVersion usageQueueDepth usageSpilled lastSnapshotError gatewayUrl lastSeenAt } }`,
  );
  expect(nodes.dataPlaneNodes).toEqual([
    {
      nodeId: 'node-1',
      hostname: 'gw-1',
      snapshotVersion: latest.latestSnapshot.version,
      snapshotHash: 'ab'.repeat(32),
      uptimeSeconds: 47,
      softwareVersion: '0.1.0',
      usageQueueDepth: 3,
      usageSpilled: 1,
      lastSnapshotError: null,
      gatewayUrl: 'http://127.0.0.1:8080',
      lastSeenAt: expect.any(String),
    },
  ]);
});

async function scrape(): Promise<Sample[]> {
  const res = await fetch(t.plane.graphqlUrl.replace(/\/graphql$/, '/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

it('serves Prometheus metrics without a token: usage ingested, snapshots published, live nodes', async () => {
  const before = await scrape();
  const ingested = (samples: Sample[], result: string) =>
    sampleValue(samples, 'switchyard_usage_records_ingested_total', { result });
  const batch = { nodeId: 'node-m', records: [record('req-m1'), record('req-m2')] };
  await call('ReportUsage', batch, metadata());
  await call('ReportUsage', batch, metadata());
  await call('Heartbeat', { nodeId: 'node-m', hostname: 'gw-m', softwareVersion: '0.1.0' }, metadata());

  const after = await scrape();
  expect(ingested(after, 'accepted') - ingested(before, 'accepted')).toBe(2);
  expect(ingested(after, 'duplicate') - ingested(before, 'duplicate')).toBe(2);
  expect(
    sampleValue(after, 'switchyard_usage_batches_total') -
      sampleValue(before, 'switchyard_usage_batches_total'),
  ).toBe(2);
  // The initial snapshot and the workspace created in beforeAll were both published.
  const published = sampleValue(after, 'switchyard_snapshots_published_total');
  expect(published).toBeGreaterThanOrEqual(2);
  expect(sampleValue(after, 'switchyard_snapshot_publish_seconds_count')).toBe(published);
  expect(sampleValue(after, 'switchyard_data_plane_nodes')).toBeGreaterThanOrEqual(1);
  expect(after.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
});

it("stores attempts, cached and reasoning tokens and cache status; sums an ensemble's sub-calls in cost but not in requests", async () => {
  const ws = await t.ok<{ createWorkspace: { id: string } }>(
    'mutation { createWorkspace(input: {slug: "tel-ensemble", name: "E"}) { id } }',
  );
  const w = ws.createWorkspace.id;
  const at = { workspaceId: w, startedAtMs: Date.UTC(2026, 1, 1) };
  const batch = {
    nodeId: 'node-e',
    records: [
      record('ens-1', { ...at, attempts: 2, cachedInputTokens: 4, reasoningTokens: 6, cacheStatus: 'miss' }),
      record('ens-1/member-0', { ...at, parentRequestId: 'ens-1', costMicroUsd: 70 }),
      record('ens-1/member-1', { ...at, parentRequestId: 'ens-1', costMicroUsd: 80, status: 502 }),
      record('ens-1/judge', { ...at, parentRequestId: 'ens-1', costMicroUsd: 90, reasoningTokens: 3 }),
    ],
  };
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 4, duplicates: 0 });
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 0, duplicates: 4 });

  const fields = 'requestId parentRequestId attempts cachedInputTokens reasoningTokens cacheStatus';
  const parent = await t.ok<{ usageRecords: { items: unknown[] } }>(
    `query($w: ID!) { usageRecords(workspaceId: $w, filter: {routeAlias: "fast"}, limit: 10) { items { ${fields} } } }`,
    { w },
  );
  expect(parent.usageRecords.items).toContainEqual({
    requestId: 'ens-1',
    parentRequestId: null,
    attempts: 2,
    cachedInputTokens: 4,
    reasoningTokens: 6,
    cacheStatus: 'miss',
  });
  const children = await t.ok<{ usageRecords: { total: number; items: Array<{ attempts: number | null }> } }>(
    `query($w: ID!) { usageRecords(workspaceId: $w, filter: {parentRequestId: "ens-1"}) { total items { ${fields} } } }`,
    { w },
  );
  expect(children.usageRecords.total).toBe(3);
  // The node did not report attempts for the members: null, not 0.
  expect(children.usageRecords.items.every((r) => r.attempts === null)).toBe(true);

  const summary = await t.ok<{ usageSummary: Record<string, unknown> }>(
    `query($w: ID!) { usageSummary(workspaceId: $w) { requests errors subRequests inputTokens outputTokens cachedInputTokens reasoningTokens costMicroUsd } }`,
    { w },
  );
  expect(summary.usageSummary).toEqual({
    requests: 1,
    errors: 0,
    subRequests: 3,
    inputTokens: 40,
    outputTokens: 80,
    cachedInputTokens: 4,
    reasoningTokens: 9,
    costMicroUsd: String(150 + 70 + 80 + 90),
  });
});

it("turns a workspace's payload logging on in its snapshot, and stores and shows the payloads nodes send", async () => {
  const ws = await t.ok<{ createWorkspace: { id: string; logPayloads: boolean } }>(
    'mutation { createWorkspace(input: {slug: "tel-payloads", name: "P"}) { id logPayloads } }',
  );
  const w = ws.createWorkspace.id;
  expect(ws.createWorkspace.logPayloads).toBe(false);
  const published = async () => {
    const rows = await sql<{ content: { workspaces: Array<{ id: string; logPayloads?: boolean }> } }>(
      t.databaseUrl,
      'SELECT content FROM snapshots ORDER BY version DESC LIMIT 1',
    );
    return rows[0].content.workspaces.find((x) => x.id === w);
  };
  // Off: absent from the snapshot, so configs that never used it hash as before.
  expect(await published()).toEqual({ id: w, slug: 'tel-payloads', name: 'P' });
  const on = await t.ok<{ updateWorkspace: { name: string; logPayloads: boolean } }>(
    'mutation($w: ID!) { updateWorkspace(input: {id: $w, logPayloads: true}) { name logPayloads } }',
    { w },
  );
  expect(on.updateWorkspace).toEqual({ name: 'P', logPayloads: true });
  expect((await published())?.logPayloads).toBe(true);

  const batch = {
    nodeId: 'node-p',
    records: [
      record('pay-1', {
        workspaceId: w,
        requestPayload: '[{"role":"user","content":"hi [REDACTED_EMAIL]"}]',
        responsePayload: 'hello',
      }),
      record('pay-2', { workspaceId: w }),
    ],
  };
  expect(await call('ReportUsage', batch, metadata())).toEqual({ accepted: 2, duplicates: 0 });
  const usage = await t.ok<{ usageRecords: { items: Array<Record<string, unknown>> } }>(
    `query($w: ID!) { usageRecords(workspaceId: $w) { items { requestId requestPayload responsePayload } } }`,
    { w },
  );
  expect(usage.usageRecords.items).toEqual(
    expect.arrayContaining([
      {
        requestId: 'pay-1',
        requestPayload: '[{"role":"user","content":"hi [REDACTED_EMAIL]"}]',
        responsePayload: 'hello',
      },
      { requestId: 'pay-2', requestPayload: null, responsePayload: null },
    ]),
  );
});
