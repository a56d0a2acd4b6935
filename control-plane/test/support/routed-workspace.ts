import type { TestPlane } from './plane';

/**
 * Creates workspace `slug` with an OpenAI account (at a port nothing listens on), route
 * `fast` to model `m`, and key `app`: what tests of policies attached to a workspace, a
 * route or a key need.
 */
export async function createRoutedWorkspace(
  t: TestPlane,
  slug: string,
  name: string,
): Promise<{ workspaceId: string; routeId: string; keyId: string }> {
  const workspaceId = (
    await t.ok<{ createWorkspace: { id: string } }>(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }`,
      { input: { slug, name } },
    )
  ).createWorkspace.id;
  const providerId = (
    await t.ok<{ createProviderAccount: { id: string } }>(
      `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`,
      {
        input: {
          workspaceId,
          name: 'p',
          kind: 'openai',
          baseUrl: 'http://127.0.0.1:9001/v1',
          apiKey: 'sk-x',
        },
      },
    )
  ).createProviderAccount.id;
  const routeId = (
    await t.ok<{ createRoute: { id: string } }>(
      `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { workspaceId, alias: 'fast', targets: [{ providerId, model: 'm' }] } },
    )
  ).createRoute.id;
  const keyId = (
    await t.ok<{ createVirtualKey: { key: { id: string } } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { id } } }`,
      { input: { workspaceId, name: 'app' } },
    )
  ).createVirtualKey.key.id;
  return { workspaceId, routeId, keyId };
}
