import OpenAI from 'openai';
import { GatewayError } from '../../errors';
import { fixedFetch, thrown } from '../testing/sdk-fetch';
import { openAILegacyCompletionsFormat as format } from './legacy-completions-format';

function rejection(body: Record<string, unknown>): GatewayError {
  const err = thrown(() => format.toChat(body));
  if (!(err instanceof GatewayError)) throw err;
  return err;
}

const base = { id: 'chatcmpl-7', created: 1700000000, model: 'gpt-4o-mini' };

describe('openAILegacyCompletionsFormat', () => {
  it('turns the prompt into one user message and keeps sampling parameters', () => {
    expect(format.endpoint).toBe('completions');
    expect(
      format.toChat({
        model: 'fast',
        prompt: 'Say this is a test',
        max_tokens: 7,
        temperature: 0,
        stop: ['\n'],
        stream: true,
        stream_options: { include_usage: true },
        echo: false,
        suffix: null,
        best_of: 1,
      }),
    ).toEqual({
      model: 'fast',
      messages: [{ role: 'user', content: 'Say this is a test' }],
      max_tokens: 7,
      temperature: 0,
      stop: ['\n'],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(format.toChat({ model: 'fast', prompt: ['one'] }).messages).toEqual([
      { role: 'user', content: 'one' },
    ]);
  });

  it.each([
    ['no prompt', { model: 'fast' }, 'prompt', "Missing required parameter: 'prompt'."],
    [
      'several prompts',
      { model: 'fast', prompt: ['a', 'b'] },
      'prompt',
      "Invalid 'prompt': this gateway serves one prompt per request, but got 2. Send one request per prompt.",
    ],
    [
      'token prompts',
      { model: 'fast', prompt: [[1, 2]] },
      'prompt',
      "Invalid 'prompt': token arrays are not supported; send the prompt as text.",
    ],
    [
      'a numeric prompt',
      { model: 'fast', prompt: 3 },
      'prompt',
      "Invalid type for 'prompt': expected a string or an array of strings, but got an integer instead.",
    ],
    ['echo', { model: 'fast', prompt: 'x', echo: true }, 'echo', "'echo' is not supported by this gateway."],
    [
      'logprobs',
      { model: 'fast', prompt: 'x', logprobs: 2 },
      'logprobs',
      "'logprobs' is not supported by this gateway.",
    ],
    ['no model', { prompt: 'x' }, 'model', "Missing required parameter: 'model'."],
  ])('refuses %s with a 400', (_name, body, param, message) => {
    expect(rejection(body)).toMatchObject({ status: 400, param, message });
  });

  it('renders a completion as a text_completion', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, cost: 0.0001 };
    expect(
      format.completion({
        ...base,
        object: 'chat.completion',
        system_fingerprint: 'fp_1',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'This is a test.' }, finish_reason: 'length' },
        ],
        usage,
      }),
    ).toEqual({
      id: 'cmpl-7',
      object: 'text_completion',
      created: 1700000000,
      model: 'gpt-4o-mini',
      system_fingerprint: 'fp_1',
      choices: [{ text: 'This is a test.', index: 0, logprobs: null, finish_reason: 'length' }],
      usage,
    });
  });

  it('streams text_completion chunks the OpenAI SDK reads back', async () => {
    const encoder = format.stream();
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const parts = [
      encoder.chunk(chunk({ role: 'assistant', content: '' })),
      encoder.chunk(chunk({ content: 'This is' })),
      encoder.chunk(chunk({ content: ' a test.' })),
      encoder.chunk(chunk({}, 'stop')),
      encoder.chunk({
        ...base,
        object: 'chat.completion.chunk',
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
      }),
      encoder.end({ promptTokens: 5, completionTokens: 4, cachedTokens: 0, reasoningTokens: 0 }),
    ];
    expect(parts[0]).toBe('');
    expect(parts[1]).toBe(
      'data: {"id":"cmpl-7","object":"text_completion","created":1700000000,"model":"gpt-4o-mini",' +
        '"choices":[{"text":"This is","index":0,"logprobs":null,"finish_reason":null}]}\n\n',
    );
    expect(parts[5]).toBe('data: [DONE]\n\n');

    const { fetch } = fixedFetch(parts.join(''));
    const client = new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
    const stream = await client.completions.create({ model: 'fast', prompt: 'x', stream: true });
    const got: OpenAI.Completion[] = [];
    for await (const c of stream) got.push(c);
    expect(got.map((c) => c.choices[0]?.text ?? '').join('')).toBe('This is a test.');
    expect(got[2].choices[0].finish_reason).toBe('stop');
    expect(got[3].usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
  });
});
