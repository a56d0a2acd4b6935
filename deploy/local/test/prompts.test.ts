import OpenAI from 'openai';
import { APPLY, eventually, KEY_SECRET, startStack } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;

const SET_LABEL = `mutation($input: SetPromptLabelInput!) { setPromptLabel(input: $input) { labels { label version } } }`;

describe('prompt templates through a running platform', () => {
  let stack: Stack;
  let nodeUrl: string;
  let promptId: string;

  const complete = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${nodeUrl}/v1/prompts/greeting/completions${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ variables }),
    });
    return { res, body: (await res.json()) as OpenAI.Chat.Completions.ChatCompletion };
  };

  beforeAll(async () => {
    stack = await startStack();
    await stack.admin(APPLY, {
      input: {
        workspaces: [
          {
            slug: 'demo',
            name: 'Demo',
            prompts: [
              {
                slug: 'greeting',
                name: 'Greeting',
                versions: [
                  {
                    model: 'fast',
                    messages: [{ role: 'user', content: 'Hello {{name}} & welcome' }],
                    params: { max_tokens: 20 },
                    labels: ['production'],
                  },
                  { model: 'fast', messages: [{ role: 'user', content: 'Goodbye {{name}}' }] },
                ],
              },
            ],
          },
        ],
      },
    });
    const { prompts } = await stack.admin<{ prompts: { id: string; slug: string }[] }>(
      'query($w: ID!) { prompts(workspaceId: $w) { id slug } }',
      { w: stack.workspaceId },
    );
    promptId = prompts.find((p) => p.slug === 'greeting')!.id;
    const node = await stack.platform.startDataPlane('node-prompts');
    nodeUrl = node.url;
    await eventually(async () => (await fetch(`${node.url}/readyz`)).ok, 10_000, 'the node to be ready');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('serves the production version, follows a label move, and records the prompt in usage', async () => {
    const first = await complete('', { name: 'Ada' });
    expect(first.res.status).toBe(200);
    expect(first.body.choices[0].message.content).toBe('Echo: Hello Ada & welcome');
    expect(stack.upstream.requests.at(-1)!.body).toMatchObject({ max_tokens: 20 });
    const byVersion = await complete('?version=2', { name: 'Ada' });
    expect(byVersion.body.choices[0].message.content).toBe('Echo: Goodbye Ada');

    await stack.admin(SET_LABEL, {
      input: { workspaceId: stack.workspaceId, promptId, label: 'production', version: 2 },
    });
    await eventually(
      async () => (await complete('', { name: 'Bo' })).res.headers.get('x-switchyard-prompt-version') === '2',
      30_000,
      'the node to serve the moved label',
    );

    const missing = await complete('', {});
    expect(missing.res.status).toBe(400);

    const requestId = first.res.headers.get('x-request-id')!;
    const record = await eventually(
      async () => {
        const { usageRecords } = await stack.admin<{
          usageRecords: {
            items: { requestId: string; promptId: string; promptVersion: number; endpoint: string }[];
          };
        }>(
          'query($w: ID!) { usageRecords(workspaceId: $w, limit: 50) { items { requestId promptId promptVersion endpoint } } }',
          { w: stack.workspaceId },
        );
        return usageRecords.items.find((r) => r.requestId === requestId);
      },
      30_000,
      'the usage record',
    );
    expect(record).toEqual({ requestId, promptId, promptVersion: 1, endpoint: 'prompts.completions' });
  });
});
