import { startControlPlane, type ControlPlane } from '../../src';
import { NATS_URL, createTestDatabase, deleteBucket, randomSuffix } from './infra';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const NODE_TOKEN = 'test-node-token-0123456789';
export const MASTER_KEY = '11'.repeat(32);
export const SNAPSHOT_KEY = '22'.repeat(32);

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
  raw: string;
}

export interface TestPlane {
  plane: ControlPlane;
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  bucket: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphqlResponse<T>>;
  /** Like gql but fails the test on errors, returning data. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** `applyConfig`, asking what changed and which snapshot version it published. */
export const APPLY_CONFIG = `mutation($input: ApplyConfigInput!) {
  applyConfig(input: $input) { changes { kind name workspace action } snapshotVersion }
}`;

/** The extensions (`code`, `reason`) of a response's first error; `{}` when there is none. */
export const errorOf = (res: Pick<GraphqlResponse, 'errors'>) => res.errors?.[0]?.extensions ?? {};

/** `code/reason` of a response's first error, e.g. `NOT_FOUND/PROMPT_NOT_FOUND`. */
export function errorReason(res: Pick<GraphqlResponse, 'errors'>): string {
  return `${res.errors?.[0]?.extensions?.code}/${res.errors?.[0]?.extensions?.reason}`;
}

/** The environment of a control plane on `databaseUrl` and `bucket`, on free ports, with the test secrets. */
export function testPlaneEnv(databaseUrl: string, bucket: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: databaseUrl,
    NATS_URL,
    // The fakes these tests call listen on loopback.
    SWITCHYARD_OUTBOUND_ALLOW: '127.0.0.0/8,::1',
    SWITCHYARD_MASTER_KEY: MASTER_KEY,
    SWITCHYARD_SNAPSHOT_KEY: SNAPSHOT_KEY,
    SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
    SWITCHYARD_NODE_TOKEN: NODE_TOKEN,
    SWITCHYARD_API_PORT: '0',
    SWITCHYARD_GRPC_ADDR: '127.0.0.1:0',
    SWITCHYARD_SNAPSHOT_BUCKET: bucket,
    LOG_LEVEL: 'silent',
  };
}

/** A control plane in this process on its own database and bucket, on free ports. */
export async function startTestPlane(extraEnv: NodeJS.ProcessEnv = {}): Promise<TestPlane> {
  const db = await createTestDatabase();
  const bucket = extraEnv.SWITCHYARD_SNAPSHOT_BUCKET ?? `sy-cp-${randomSuffix()}`;
  const env: NodeJS.ProcessEnv = { ...testPlaneEnv(db.url, bucket), ...extraEnv };
  let plane: ControlPlane;
  try {
    plane = await startControlPlane(env);
  } catch (error) {
    await db.drop();
    throw error;
  }
  const gql: TestPlane['gql'] = async (query, variables = {}, token = ADMIN_TOKEN) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(plane.graphqlUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const raw = await res.text();
    return { status: res.status, raw, ...JSON.parse(raw) };
  };
  return {
    plane,
    env,
    databaseUrl: db.url,
    bucket,
    gql,
    ok: async (query, variables) => {
      const res = await gql(query, variables);
      if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${res.raw}`);
      return res.data as never;
    },
    close: async () => {
      await plane.close();
      await db.drop();
      await deleteBucket(bucket, env.NATS_URL);
    },
  };
}
