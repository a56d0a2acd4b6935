import OpenAI from 'openai';
import { eventually, KEY_SECRET, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

const ask = (baseURL: string, apiKey: string) =>
  new OpenAI({ apiKey, baseURL, maxRetries: 0 }).chat.completions.create({
    model: 'fast',
    messages: [{ role: 'user', content: 'hi' }],
  });

describe('config propagation from the control plane to nodes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('applies a key revocation on a running node within a second', async () => {
    const node = await stack.platform.startDataPlane('node-revoke');
    await eventually(async () => (await fetch(`${node.url}/readyz`)).ok, 10_000, 'a snapshot');
    const created = await stack.admin<{ createVirtualKey: { key: { id: string }; secret: string } }>(
      'mutation K($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key { id } secret } }',
      { input: { workspaceId: stack.workspaceId, name: 'to-revoke' } },
    );
    const { secret, key } = created.createVirtualKey;
    await eventually(() => ask(`${node.url}/v1`, secret).then(() => true), 5_000, 'the new key to work');

    await stack.admin(
      'mutation R($input: RevokeVirtualKeyInput!) { revokeVirtualKey(input: $input) { id revokedAt } }',
      {
        input: { workspaceId: stack.workspaceId, id: key.id },
      },
    );
    const revokedAt = Date.now();
    const error = await eventually(
      async () => {
        const e = await ask(`${node.url}/v1`, secret).then(
          () => undefined,
          (x: unknown) => x,
        );
        return e instanceof OpenAI.AuthenticationError ? e : undefined;
      },
      1_000,
      'the node to refuse the revoked key',
    );
    expect(error.status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    // The other key is untouched.
    await expect(ask(`${node.url}/v1`, KEY_SECRET)).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('gives a node started later the current snapshot from NATS, without the control plane', async () => {
    const { latestSnapshot } = await stack.admin<{ latestSnapshot: { version: number; hash: string } }>(
      '{ latestSnapshot { version hash } }',
    );
    await stack.platform.stopControlPlane();
    try {
      const late = await stack.platform.startDataPlane('node-late');
      await eventually(
        async () => (await fetch(`${late.url}/readyz`)).ok,
        10_000,
        'the late node to be ready',
      );
      await expect(ask(`${late.url}/v1`, KEY_SECRET)).resolves.toMatchObject({ object: 'chat.completion' });
      // Its heartbeat, once the control plane is back, reports the version it runs.
      await stack.platform.startControlPlane();
      const nodes = await eventually(
        async () => {
          const { dataPlaneNodes } = await stack.admin<{
            dataPlaneNodes: { nodeId: string; snapshotVersion: number; snapshotHash: string }[];
          }>('{ dataPlaneNodes { nodeId snapshotVersion snapshotHash } }');
          return dataPlaneNodes.find((n) => n.nodeId === 'node-late') ? dataPlaneNodes : undefined;
        },
        10_000,
        'the late node heartbeat',
      );
      expect(nodes.find((n) => n.nodeId === 'node-late')).toMatchObject({
        snapshotVersion: latestSnapshot.version,
        snapshotHash: latestSnapshot.hash,
      });
    } finally {
      if (!stack.platform.controlPlane) await stack.platform.startControlPlane();
    }
  });
});
