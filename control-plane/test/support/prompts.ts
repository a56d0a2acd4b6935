import { createWorkspace } from './identity';
import { startTestPlane, type TestPlane } from './plane';

/** Creates workspace `slug` with routes `fast` and `smart` (a prompt version names a route as its model). */
export async function workspaceWithRoutes(t: TestPlane, slug: string): Promise<string> {
  const id = await createWorkspace(t, slug);
  const providerId = (
    await t.ok<{ createProviderAccount: { id: string } }>(
      `mutation($input: CreateProviderAccountInput!) { createProviderAccount(input: $input) { id } }`,
      {
        input: {
          workspaceId: id,
          name: 'p',
          kind: 'openai',
          baseUrl: 'http://127.0.0.1:9001/v1',
          apiKey: 'sk-x',
        },
      },
    )
  ).createProviderAccount.id;
  for (const alias of ['fast', 'smart']) {
    await t.ok(`mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
      input: { workspaceId: id, alias, targets: [{ providerId, model: 'm' }] },
    });
  }
  return id;
}

/** A plane with workspaces `prompted` (`workspaceId`) and `elsewhere` (`otherWorkspaceId`), each with routes. */
export async function startPromptPlane(): Promise<{
  t: TestPlane;
  workspaceId: string;
  otherWorkspaceId: string;
}> {
  const t = await startTestPlane();
  try {
    const workspaceId = await workspaceWithRoutes(t, 'prompted');
    const otherWorkspaceId = await workspaceWithRoutes(t, 'elsewhere');
    return { t, workspaceId, otherWorkspaceId };
  } catch (error) {
    await t.close();
    throw error;
  }
}
