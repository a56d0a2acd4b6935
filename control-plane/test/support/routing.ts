import type { Snapshot, SnapshotRoute } from '@switchyard/proto';
import { createWorkspace } from './identity';
import { publishedSnapshot } from './infra';
import { startTestPlane, type GraphqlResponse, type TestPlane } from './plane';

const TARGET =
  'providerId routeId model weight overrides timeoutMs retry { attempts backoffMs maxBackoffMs onStatuses } breaker { failures windowMs cooldownMs }';
/** Every field of a route, its targets and its strategy settings. */
const ROUTE = `id alias strategy targets { ${TARGET} }
  fallback { onStatuses onTimeout onConnectionError }
  conditions { defaultTarget rules { target when { field op value } } }
  semantic { threshold defaultTarget onEmbedError embedder { providerId model } intents { name examples target threshold } }
  ensemble { mode minResponses deadlineMs judgePrompt judge { ${TARGET} } }`;
export const CREATE_ROUTE = `mutation($input: CreateRouteInput!) { createRoute(input: $input) { ${ROUTE} } }`;
export const UPDATE_ROUTE = `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { ${ROUTE} } }`;
export const DELETE_ROUTE = `mutation($input: DeleteRouteInput!) { deleteRoute(input: $input) { id } }`;
export const CREATE_PROVIDER = `mutation($input: CreateProviderAccountInput!) {
  createProviderAccount(input: $input) { id kind baseUrl options hasCredentials } }`;

/** The code and reason of a response's first error. */
export function reasonOf(res: GraphqlResponse): [string | undefined, string | undefined] {
  return [res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.reason];
}

/** Workspaces, provider accounts and routes (in workspace `ws`) through the API of `t`, and what it published. */
export function routingApi(t: TestPlane, ws: string) {
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

  const published = (): Promise<Snapshot> => publishedSnapshot(t.bucket);

  async function publishedRoute(id: string): Promise<SnapshotRoute> {
    const route = (await published()).content.routes.find((r) => r.id === id);
    if (!route) throw new Error(`route ${id} is not in the published snapshot`);
    return route;
  }

  return {
    createWorkspace: (slug: string) => createWorkspace(t, slug),
    createProvider,
    createRoute,
    published,
    publishedRoute,
  };
}

export type RoutingApi = ReturnType<typeof routingApi>;

/** A plane whose workspace `routing` (`ws`) has an OpenAI and an Anthropic account to route to. */
export interface RoutingPlane extends RoutingApi {
  t: TestPlane;
  ws: string;
  openai: string;
  claude: string;
}

export async function startRoutingPlane(): Promise<RoutingPlane> {
  const t = await startTestPlane();
  try {
    const ws = await createWorkspace(t, 'routing');
    const api = routingApi(t, ws);
    const openai = await api.createProvider(ws, {
      name: 'openai',
      kind: 'openai',
      baseUrl: 'http://127.0.0.1:9001/v1',
      apiKey: 'sk-o',
    });
    const claude = await api.createProvider(ws, {
      name: 'claude',
      kind: 'anthropic',
      baseUrl: 'http://127.0.0.1:9002/v1',
      apiKey: 'sk-a',
    });
    return { t, ws, openai, claude, ...api };
  } catch (error) {
    await t.close();
    throw error;
  }
}
