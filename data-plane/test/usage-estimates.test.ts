import { formatUsd, type SnapshotModelPrice } from '@switchyard/proto';
import { route, startRoutingGateway, target, type RoutingGateway } from './support/routing-gateway';

// Upstreams that report no token counts (the fake's `no-usage…` models, as some
// OpenAI-compatible servers answer): the gateway estimates the tokens at four characters
// each, flags the record, and prices the estimate as it prices reported usage, for the
// request and for each call made on its behalf.

// Micro-USD per token (a workspace price), so every estimated token shows in the cost.
const INPUT = 1000;
const OUTPUT = 2000;
const price = (model: string): SnapshotModelPrice => ({
  workspaceId: 'w1',
  providerKind: 'openai',
  model,
  inputPerMTok: INPUT * 1_000_000,
  outputPerMTok: OUTPUT * 1_000_000,
});
const estimate = (chars: number) => Math.ceil(chars / 4);
/** The gateway's estimate of the messages a request sent (text contents). */
const messagesTokens = (messages: { content: string }[]) =>
  estimate(messages.reduce((n, m) => n + m.content.length, 0));

let g: RoutingGateway;

beforeAll(async () => {
  const members = [target('no-usage-a'), target('no-usage-b')];
  g = await startRoutingGateway(
    [
      route('plain', 'single', [target('no-usage')]),
      route('panel', 'ensemble', members, {
        ensemble: { mode: 'vote', minResponses: 2, deadlineMs: 5000 },
      }),
      route('merged', 'ensemble', members, {
        ensemble: { mode: 'synthesize', minResponses: 2, deadlineMs: 5000, judge: target('no-usage-judge') },
      }),
    ],
    { modelPrices: ['no-usage', 'no-usage-a', 'no-usage-b', 'no-usage-judge'].map(price) },
  );
});

afterAll(async () => {
  await g?.close();
});

/** Streams `alias` with the official client; the answer's text and request id. */
async function streamed(alias: string, content: string): Promise<{ text: string; requestId: string }> {
  const { data, response } = await g
    .client()
    .chat.completions.create({ model: alias, messages: [{ role: 'user', content }], stream: true })
    .withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
  return { text, requestId: response.headers.get('x-request-id')! };
}

describe('an upstream that reports no usage', () => {
  it('has its tokens estimated, flagged and priced, and the answer says what it cost', async () => {
    const content = 'How many tokens does this question take?';
    const served = await g.chat('plain', { content });
    expect(served.text).toBe(`Echo: ${content}`);
    const input = estimate(content.length);
    const output = estimate(served.text.length);
    const cost = input * INPUT + output * OUTPUT;
    expect((await g.usageOf(served.requestId)).parent).toMatchObject({
      model: 'no-usage',
      stream: false,
      inputTokens: input,
      outputTokens: output,
      tokensEstimated: true,
      costMicroUsd: cost,
      status: 200,
    });
    expect(served.cost).toBe(formatUsd(cost));
  });

  it("counts a tool call's arguments as output", async () => {
    const content = 'What is the weather in Paris?';
    const tools = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }];
    const served = await g.chat('plain', { content, params: { tools } });
    const call = served.completion.choices[0].message.tool_calls![0] as { function: { arguments: string } };
    expect(JSON.parse(call.function.arguments)).toEqual({ input: content });
    expect((await g.usageOf(served.requestId)).parent).toMatchObject({
      inputTokens: estimate(content.length),
      outputTokens: estimate(call.function.arguments.length),
      tokensEstimated: true,
    });
  });

  it('is estimated from what a stream sent the client', async () => {
    const content = 'Tell me something, in a stream.';
    const { text, requestId } = await streamed('plain', content);
    expect(text).toBe(`Echo: ${content}`);
    const input = estimate(content.length);
    const output = estimate(text.length);
    expect((await g.usageOf(requestId)).parent).toMatchObject({
      stream: true,
      inputTokens: input,
      outputTokens: output,
      tokensEstimated: true,
      costMicroUsd: input * INPUT + output * OUTPUT,
    });
  });

  it("estimates and prices an ensemble's members, and the answer's cost is their sum", async () => {
    const content = 'Which is it?';
    const served = await g.chat('panel', { content });
    const { parent, subCalls } = await g.usageOf(served.requestId);
    const input = estimate(content.length);
    const output = estimate(`Echo: ${content}`.length);
    const each = input * INPUT + output * OUTPUT;
    expect(subCalls.map((r) => r.model).sort()).toEqual(['no-usage-a', 'no-usage-b']);
    for (const record of subCalls)
      expect(record).toMatchObject({
        inputTokens: input,
        outputTokens: output,
        tokensEstimated: true,
        costMicroUsd: each,
      });
    // The members carry the cost; the request's own record does not count it again.
    expect(parent.costMicroUsd).toBe(0);
    expect(served.cost).toBe(formatUsd(2 * each));
  });

  it("estimates a streamed judge from what the client got, and its input from the judge's own prompt", async () => {
    const { text, requestId } = await streamed('merged', 'Merge these.');
    const { subCalls } = await g.usageOf(requestId);
    const judge = subCalls.find((r) => r.model === 'no-usage-judge')!;
    const sent = g.calls('no-usage-judge').at(-1)!.body as { messages: { content: string }[] };
    const input = messagesTokens(sent.messages);
    const output = estimate(text.length);
    expect(judge).toMatchObject({
      stream: true,
      inputTokens: input,
      outputTokens: output,
      tokensEstimated: true,
      costMicroUsd: input * INPUT + output * OUTPUT,
    });
    expect(subCalls).toHaveLength(3);
  });
});
