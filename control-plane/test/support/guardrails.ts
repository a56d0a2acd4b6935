import { startTestPlane, type TestPlane } from './plane';
import { createRoutedWorkspace } from './routed-workspace';

/** A plane with workspace `guarded` (`workspaceId`): an OpenAI account, route `fast` (`routeId`) and key `app` (`keyId`). */
export async function startGuardrailPlane(): Promise<{
  t: TestPlane;
  workspaceId: string;
  keyId: string;
  routeId: string;
}> {
  const t = await startTestPlane();
  try {
    return { t, ...(await createRoutedWorkspace(t, 'guarded', 'Guarded')) };
  } catch (error) {
    await t.close();
    throw error;
  }
}
