import OpenAI from 'openai';
import { eventually, KEY_SECRET, startStack, UPSTREAM_KEY, USAGE } from './support';

type Stack = Awaited<ReturnType<typeof startStack>>;
type UsageRow = {
  requestId: string;
  status: number;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  errorCode: string | null;
};

describe('the openai client through a running data plane', () => {
  let stack: Stack;
  let client: OpenAI;
  let baseURL: string;

  beforeAll(async () => {
    stack = await startStack();
    const node = await stack.platform.startDataPlane('node-a');
    baseURL = `${node.url}/v1`;
    client = new OpenAI({ apiKey: KEY_SECRET, baseURL, maxRetries: 0 });
    await eventually(
      async () => (await fetch(`${node.url}/readyz`)).ok,
      10_000,
      'the node to apply a snapshot',
    );
  });
  afterAll(() => stack?.close());

  it('answers a chat completion and says which request it was', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0].message.content).toEqual(expect.any(String));
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toMatch(/\S{8,}/);
    // The upstream saw the route's model and the provider's key, not the virtual key.
    const seen = stack.upstream.requests.at(-1)!;
    expect((seen.body as { model: string }).model).toBe('gpt-4o-mini');
    expect(seen.headers.authorization).toBe('Bearer sk-upstream-e2e-secret');
  });

  it('streams, and the stream carries usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'stream me a story' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('completes a tool call round trip', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'weather in Paris?' }];
    const first = await client.chat.completions.create({ model: 'fast', messages, tools });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    messages.push(first.choices[0].message, {
      role: 'tool',
      tool_call_id: call!.id,
      content: '21°C and sunny',
    });
    const second = await client.chat.completions.create({ model: 'fast', messages, tools });
    expect(second.choices[0].message.content).toContain('21°C and sunny');
  });

  it('refuses a bad key with 401 in the OpenAI error shape', async () => {
    const bad = new OpenAI({ apiKey: 'sy-not-a-real-key-000000', baseURL, maxRetries: 0 });
    const error = await bad.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
  });

  it('refuses a malformed body with 400 and a clear message', async () => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY_SECRET}`, 'content-type': 'application/json' },
      body: '{"model": "fast", "messages": [',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/json/i);
  });

  it('turns an upstream 500 into a 502 in the OpenAI error shape', async () => {
    // A route whose target model makes the fake upstream fail.
    const providers = await stack.admin<{ providerAccounts: { id: string }[] }>(
      'query P($w: ID!) { providerAccounts(workspaceId: $w) { id } }',
      { w: stack.workspaceId },
    );
    await stack.admin('mutation R($input: CreateRouteInput!) { createRoute(input: $input) { id } }', {
      input: {
        workspaceId: stack.workspaceId,
        alias: 'broken',
        targets: [{ providerId: providers.providerAccounts[0].id, model: 'fail-500' }],
      },
    });
    const error = await eventually(
      async () => {
        const e = await client.chat.completions
          .create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] })
          .catch((x: unknown) => x);
        return e instanceof OpenAI.APIError && e.status !== 404 ? e : undefined;
      },
      5_000,
      'the new route to reach the node',
    );
    expect(error.status).toBe(502);
    expect((error.error as { type?: string }).type).toEqual(expect.any(String));
  });

  it("never writes a key, token or credential to either plane's logs", () => {
    const logs = stack.platform.allLogs().join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const { masterKey, snapshotKey, adminToken, nodeToken } = stack.secrets;
    for (const secret of [KEY_SECRET, UPSTREAM_KEY, masterKey, snapshotKey, adminToken, nodeToken]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('records usage of every request in Postgres through gRPC', async () => {
    const rows = await eventually(
      async () => {
        const { usageRecords } = await stack.admin<{ usageRecords: { total: number; items: UsageRow[] } }>(
          USAGE,
          {
            workspaceId: stack.workspaceId,
            limit: 100,
          },
        );
        return usageRecords.items.some((r) => r.status === 502) && usageRecords.items.length >= 5
          ? usageRecords.items
          : undefined;
      },
      10_000,
      'usage records',
    );
    const ok = rows.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(ok.every((r) => r.inputTokens > 0 && r.outputTokens > 0)).toBe(true);
    expect(rows.some((r) => r.stream)).toBe(true);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(rows.length);
  });
});
