import OpenAI from 'openai';
import { eventually, KEY_SECRET, startStack, USAGE } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the data plane without its control plane', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('keeps serving while the control plane is down, and its usage arrives exactly once after', async () => {
    const node = await stack.platform.startDataPlane('node-resilient');
    await eventually(async () => (await fetch(`${node.url}/readyz`)).ok, 10_000, 'a snapshot');
    const client = new OpenAI({ apiKey: KEY_SECRET, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const call = async (content: string, stream = false) => {
      if (stream) {
        const s = await client.chat.completions
          .create({ model: 'fast', messages: [{ role: 'user', content }], stream: true })
          .withResponse();
        for await (const _chunk of s.data) {
          // drain
        }
        return s.response.headers.get('x-request-id')!;
      }
      const r = await client.chat.completions
        .create({ model: 'fast', messages: [{ role: 'user', content }] })
        .withResponse();
      return r.response.headers.get('x-request-id')!;
    };

    const before = [await call('before 1'), await call('before 2')];
    await stack.platform.stopControlPlane();

    const during: string[] = [];
    for (let i = 0; i < 20; i++) during.push(await call(`during ${i}`, i % 4 === 0));

    await stack.platform.startControlPlane();
    const after = [await call('after 1')];
    const all = [...before, ...during, ...after];

    const items = await eventually(
      async () => {
        const { usageRecords } = await stack.admin<{
          usageRecords: { total: number; items: { requestId: string; status: number }[] };
        }>(USAGE, {
          workspaceId: stack.workspaceId,
          limit: 500,
        });
        const ids = new Set(usageRecords.items.map((r) => r.requestId));
        return all.every((id) => ids.has(id)) ? usageRecords : undefined;
      },
      20_000,
      'every request made while the control plane was down to be ingested',
    );
    expect(items.total).toBe(all.length);
    expect(items.items.map((r) => r.requestId).sort()).toEqual([...all].sort());
    expect(items.items.every((r) => r.status === 200)).toBe(true);
  });
});
