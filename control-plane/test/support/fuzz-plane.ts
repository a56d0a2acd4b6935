import { ADMIN_TOKEN, startTestPlane, type TestPlane } from './plane';

const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED'];

/** An HTTP answer of the GraphQL endpoint: status and body. */
export interface Answer {
  status: number;
  raw: string;
}

/** The plane of a file that sends bad input to the API, and what there is to aim at. */
export interface FuzzPlane {
  readonly t: TestPlane;
  /** Made fresh before each test (the fuzzing may delete or change them). */
  workspaceId: string;
  providerId: string;
  routeId: string;
  keyId: string;
  /** POSTs `body` to GraphQL as the admin token; `headers` add to or replace the defaults. */
  send(body: string | Uint8Array, headers?: Record<string, string>): Promise<Answer>;
}

/**
 * Starts a plane for the file, makes fresh objects to aim at before each test, and checks
 * after each test that the API still answers a good query and a good mutation.
 */
export function useFuzzPlane(): FuzzPlane {
  let t: TestPlane;
  let fixtures = 0;
  const fuzz: FuzzPlane = {
    get t() {
      return t;
    },
    workspaceId: '',
    providerId: '',
    routeId: '',
    keyId: '',
    send: async (body, headers = {}) => {
      const res = await fetch(t.plane.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, raw: await res.text() };
    },
  };

  beforeAll(async () => {
    t = await startTestPlane();
  }, 60_000);

  beforeEach(async () => {
    const slug = `fuzz-${++fixtures}`;
    const ws = await t.ok<{ createWorkspace: { id: string } }>(
      'mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }',
      { input: { slug, name: slug } },
    );
    fuzz.workspaceId = ws.createWorkspace.id;
    const provider = await t.ok<{ createProviderAccount: { id: string } }>(
      'mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }',
      {
        input: {
          workspaceId: fuzz.workspaceId,
          name: 'p',
          kind: 'openai',
          baseUrl: 'http://127.0.0.1:9/v1',
          apiKey: 'sk-fuzz',
        },
      },
    );
    fuzz.providerId = provider.createProviderAccount.id;
    const route = await t.ok<{ createRoute: { id: string } }>(
      'mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }',
      {
        input: {
          workspaceId: fuzz.workspaceId,
          alias: 'fast',
          targets: [{ providerId: fuzz.providerId, model: 'gpt-4o-mini' }],
        },
      },
    );
    fuzz.routeId = route.createRoute.id;
    const key = await t.ok<{ createVirtualKey: { key: { id: string } } }>(
      'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { id } } }',
      { input: { workspaceId: fuzz.workspaceId, name: 'k' } },
    );
    fuzz.keyId = key.createVirtualKey.key.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(async () => {
    // Whatever a test sent, the API still answers a good query and a good mutation.
    const data = await t.ok<{ workspaces: { id: string }[] }>('{ workspaces { id } }');
    expect(Array.isArray(data.workspaces)).toBe(true);
    await t.ok('mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }', {
      input: { slug: `after-${fixtures}`, name: 'after' },
    });
  });

  return fuzz;
}

/** Asserts a clear answer: 200 or 400, and every GraphQL error with a stable client code. */
export function expectClientAnswer({ status, raw }: Answer): void {
  const what = `${status} ${raw.slice(0, 400)}`;
  if (status !== 200 && status !== 400 && status !== 413 && status !== 415) {
    throw new Error(`expected 200, 400, 413 or 415, got ${what}`);
  }
  let json: { errors?: { message?: unknown; extensions?: { code?: unknown } }[]; message?: unknown };
  try {
    json = JSON.parse(raw) as typeof json;
  } catch {
    throw new Error(`expected a JSON answer, got ${what}`);
  }
  if (status !== 200 && !json.errors) {
    // Express's own refusals (body parser) come as Nest's HTTP error body.
    if (typeof json.message !== 'string' && !Array.isArray(json.message))
      throw new Error(`unclear error: ${what}`);
    return;
  }
  for (const error of json.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !CLIENT_CODES.includes(code)) {
      throw new Error(`expected a client error code, got ${String(code)}: ${what}`);
    }
    if (typeof error.message !== 'string' || error.message === '') throw new Error(`no message: ${what}`);
  }
}
