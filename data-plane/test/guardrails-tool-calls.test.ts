import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  ROUTING_KEYS,
  guardrailPolicy,
  onRoute,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';

// The fake upstream answers a request that offers tools with a call to the first one,
// `{"input": <the last user text>}` (streamed in 4-character fragments), and a request whose
// last message is a tool result with `Tool said: <result>`.

let g: RoutingGateway;

const codes = { name: 'codes', type: 'regex_deny', params: { pattern: 'PRJ-\\d{4}' } };
const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'send_mail',
      parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
    },
  },
];

beforeAll(async () => {
  g = await startRoutingGateway(
    [
      route('deny-out', 'single', [target('tools-deny-out')]),
      route('redact-out', 'single', [target('tools-redact-out')]),
      route('deny-in', 'single', [target('tools-deny-in')]),
      route('redact-in', 'single', [target('tools-redact-in')]),
    ],
    {
      content: {
        guardrailPolicies: [
          guardrailPolicy('codes-out', 'output', 'deny', [codes]),
          guardrailPolicy('pii-out', 'output', 'redact', [{ name: 'pii', type: 'pii', params: {} }]),
          guardrailPolicy('codes-in', 'input', 'deny', [codes]),
          guardrailPolicy('pii-in', 'input', 'redact', [{ name: 'pii', type: 'pii', params: {} }]),
        ],
        guardrailAttachments: [
          onRoute('codes-out', 'deny-out'),
          onRoute('pii-out', 'redact-out'),
          onRoute('codes-in', 'deny-in'),
          onRoute('pii-in', 'redact-in'),
        ],
      },
    },
  );
});

afterAll(() => g?.close());

/** Streams a chat offering `tools` through the official client: the first tool call's arguments as received, and the error that ended the stream. */
async function streamToolCall(alias: string, content: string): Promise<{ args: string; error: unknown }> {
  const stream = await g.client().chat.completions.create({
    model: alias,
    messages: [{ role: 'user', content }],
    tools,
    stream: true,
  });
  let args = '';
  let error: unknown = null;
  try {
    for await (const chunk of stream)
      args += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
  } catch (err) {
    error = err;
  }
  return { args, error };
}

/** A conversation in which the assistant called `send_mail` with `args` and the tool answered `result`. */
function history(
  args: Record<string, unknown>,
  result: string,
): OpenAI.Chat.Completions.ChatCompletionMessageParam[] {
  return [
    { role: 'user', content: 'send the report' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'send_mail', arguments: JSON.stringify(args) } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: result },
  ];
}

type SentMessage = { role: string; content: unknown; tool_calls?: { function: { arguments: string } }[] };
const lastSent = (model: string) => (g.calls(model).at(-1)!.body as { messages: SentMessage[] }).messages;

describe("output guardrails on a chat answer's tool calls", () => {
  it('deny: a denied pattern in the arguments answers 422 naming the policy and check', async () => {
    const refused = await g.refused('deny-out', { content: 'file it under PRJ-1234', params: { tools } });
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('guardrail_denied');
    expect(refused.message).toContain(
      'The response was denied by guardrail policy "codes-out", check "codes"',
    );
    expect(g.calls('tools-deny-out')).toHaveLength(1);
  });

  it('redact: PII in the arguments is rewritten inside the JSON strings; the arguments still parse', async () => {
    const content = 'mail "Ada" at ada@example.com\n\\ then call +1 415 555 0100';
    const served = await g.chat('redact-out', { content, params: { tools } });
    const call = served.completion.choices[0].message
      .tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({
      input: 'mail "Ada" at [REDACTED_EMAIL]\n\\ then call [REDACTED_PHONE]',
    });
    expect(call.function.name).toBe('send_mail');
    expect(lastSent('tools-redact-out')[0].content).toBe(content);
  });

  it('streams: PII split across argument fragments is redacted before it is sent; the arguments still parse', async () => {
    const content = 'write to ada@example.com and "grace@example.org", then stop. '.repeat(3);
    const { args, error } = await streamToolCall('redact-out', content);
    expect(error).toBeNull();
    expect(JSON.parse(args)).toEqual({ input: content.replace(/\w+@example\.\w+/g, '[REDACTED_EMAIL]') });
  });

  it('streams: a denied pattern in the arguments ends the stream with an error event before it is sent', async () => {
    const { args, error } = await streamToolCall(
      'deny-out',
      `${'nothing to see. '.repeat(30)}file under PRJ-1234`,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('"codes-out", check "codes"');
    expect(args.startsWith('{"input":"nothing to see.')).toBe(true);
    expect(args).not.toContain('PRJ');
  });
});

describe("input guardrails on the request's tool calls", () => {
  it("redact: an assistant tool call's arguments and the tool's result are redacted before the upstream", async () => {
    const served = await g.chat('redact-in', {
      params: {
        tools,
        messages: history({ to: 'ada@example.com', cc: ['bob@example.com'] }, 'sent to ada@example.com'),
      },
    });
    const sent = lastSent('tools-redact-in');
    expect(JSON.parse(sent[1].tool_calls![0].function.arguments)).toEqual({
      to: '[REDACTED_EMAIL]',
      cc: ['[REDACTED_EMAIL]'],
    });
    expect(sent[2].content).toBe('sent to [REDACTED_EMAIL]');
    expect(served.text).toBe('Tool said: sent to [REDACTED_EMAIL]');
  });

  it("deny: a denied pattern in an assistant tool call's arguments answers 400 without calling the upstream", async () => {
    const refused = await g.refused('deny-in', {
      params: { tools, messages: history({ project: 'PRJ-4321' }, 'done') },
    });
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('guardrail_denied');
    expect(refused.message).toContain('guardrail policy "codes-in", check "codes"');
    expect(g.calls('tools-deny-in')).toHaveLength(0);
  });
});

describe('other client formats (through the canonical chat shape)', () => {
  const anthropic = () => new Anthropic({ apiKey: ROUTING_KEYS.all, baseURL: g.gateway.url, maxRetries: 0 });
  const anthropicTools: Anthropic.Tool[] = [
    { name: 'send_mail', input_schema: { type: 'object', properties: { input: { type: 'string' } } } },
  ];

  it("Anthropic Messages: a tool_use block's input is redacted, whole and streamed", async () => {
    const request = {
      model: 'redact-out',
      max_tokens: 100,
      tools: anthropicTools,
      messages: [{ role: 'user' as const, content: 'reach ada@example.com today' }],
    };
    const whole = await anthropic().messages.create(request);
    expect(whole.content[0]).toMatchObject({
      type: 'tool_use',
      input: { input: 'reach [REDACTED_EMAIL] today' },
    });
    const streamed = await anthropic().messages.stream(request).finalMessage();
    expect(streamed.content[0]).toMatchObject({
      type: 'tool_use',
      input: { input: 'reach [REDACTED_EMAIL] today' },
    });
  });

  it("Anthropic Messages: an earlier tool_use block's input is redacted on input", async () => {
    await anthropic().messages.create({
      model: 'redact-in',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'send the report' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'tu_1', name: 'send_mail', input: { to: 'ada@example.com' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'done' }] },
      ],
    });
    expect(JSON.parse(lastSent('tools-redact-in')[1].tool_calls![0].function.arguments)).toEqual({
      to: '[REDACTED_EMAIL]',
    });
  });

  it("Responses: a function_call item's arguments are redacted", async () => {
    const response = await g.client().responses.create({
      model: 'redact-out',
      input: 'reach ada@example.com today',
      tools: [
        {
          type: 'function',
          name: 'send_mail',
          parameters: tools[0].type === 'function' ? tools[0].function.parameters! : {},
          strict: false,
        },
      ],
    });
    const call = response.output.find((o) => o.type === 'function_call');
    expect(call).toBeDefined();
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({
      input: 'reach [REDACTED_EMAIL] today',
    });
  });
});
