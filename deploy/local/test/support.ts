import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI } from '@switchyard/data-plane/testing';
import { Client } from 'pg';
import {
  createScratchDatabase,
  deleteBucket,
  freePort,
  freePorts,
  generateSecrets,
  graphql,
  Platform,
  randomSuffix,
  type PlatformSecrets,
} from '../src';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export { freePort, freePorts };

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const KEY_SECRET = 'sy-test-0123456789abcdef';
export const UPSTREAM_KEY = 'sk-upstream-e2e-secret';

/**
 * A running platform on its own database, bucket and state directory, with a fake OpenAI
 * upstream and the brief's demo config applied through GraphQL. `close()` undoes it all.
 * `databaseUrl` and `natsUrl` put it on private servers a test starts (and may stop) itself;
 * the database is then used as it is and not dropped.
 */
export async function startStack(
  options: { configure?: boolean; env?: NodeJS.ProcessEnv; databaseUrl?: string; natsUrl?: string } = {},
) {
  const db = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createScratchDatabase(POSTGRES_URL, 'sy_e2e');
  const natsUrl = options.natsUrl ?? NATS_URL;
  const bucket = `sy-e2e-${randomSuffix()}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-e2e-'));
  const upstream = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
  const secrets: PlatformSecrets = generateSecrets();
  const [apiPort, grpcPort] = await freePorts(2);
  const platform = new Platform({
    databaseUrl: db.url,
    natsUrl,
    secrets,
    bucket,
    apiPort,
    grpcPort,
    stateDir,
    env: {
      LOG_LEVEL: 'info',
      SWITCHYARD_USAGE_FLUSH_MS: '100',
      SWITCHYARD_HEARTBEAT_MS: '300',
      ...options.env,
    },
  });
  await platform.startControlPlane();
  const admin = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
    graphql<T>(platform.graphqlUrl, secrets.adminToken, query, variables);
  /**
   * Applies the demo workspace: the fake upstream as provider `local-openai`, and by default
   * route `fast` and key `ci`; `fields` replace or add workspace fields.
   */
  const applyDemo = (fields: Record<string, unknown> = {}) =>
    admin<{ applyConfig: { snapshotVersion: number } }>(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'demo',
            name: 'Demo',
            providers: [
              { name: 'local-openai', kind: 'openai', baseUrl: upstream.baseUrl, apiKey: UPSTREAM_KEY },
            ],
            routes: [{ alias: 'fast', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] }],
            keys: [{ name: 'ci', secret: KEY_SECRET }],
            ...fields,
          },
        ],
      },
    });
  let workspaceId = '';
  if (options.configure !== false) {
    const result = await applyDemo();
    expect(result.applyConfig.snapshotVersion).toBeGreaterThan(0);
    const { workspaces } = await admin<{ workspaces: { id: string; slug: string }[] }>(
      '{ workspaces { id slug } }',
    );
    workspaceId = workspaces.find((w) => w.slug === 'demo')!.id;
  }
  return {
    platform,
    secrets,
    upstream,
    admin,
    applyDemo,
    workspaceId,
    bucket,
    stateDir,
    databaseUrl: db.url,
    natsUrl,
    async close() {
      await platform.stop();
      await upstream.close();
      if (!options.natsUrl) await deleteBucket(NATS_URL, bucket);
      await db.drop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export const APPLY = `mutation Apply($input: ApplyConfigInput!) {
  applyConfig(input: $input) { snapshotVersion changes { kind name action } generatedKeys { name secret } }
}`;

export const USAGE = `query Usage($workspaceId: ID!, $limit: Int) {
  usageRecords(workspaceId: $workspaceId, limit: $limit) {
    total
    items { requestId routeAlias model endpoint stream inputTokens outputTokens status errorCode nodeId keyId }
  }
}`;

/** The request id of every usage record stored in `databaseUrl`, with repeats (there must be none). */
export async function storedRequestIds(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ request_id: string }>('SELECT request_id FROM usage_records');
    return rows.map((r) => r.request_id);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the stored usage holds every id of `answered`, then expects it to hold exactly
 * those, once each: nothing lost, nothing counted twice, nothing that was not answered.
 */
export async function expectUsageExactlyOnce(
  databaseUrl: string,
  answered: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const want = new Set(answered);
  expect(want.size).toBe(answered.length);
  const stored = await eventually(
    async () => {
      const ids = await storedRequestIds(databaseUrl);
      const have = new Set(ids);
      return [...want].every((id) => have.has(id)) ? ids : undefined;
    },
    timeoutMs,
    `all ${want.size} answered requests to be in the usage records`,
  );
  expect(stored.length).toBe(answered.length);
  expect([...stored].sort()).toEqual([...answered].sort());
}
