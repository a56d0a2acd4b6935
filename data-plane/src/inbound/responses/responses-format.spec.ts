import OpenAI from 'openai';
import { GatewayError } from '../../errors';
import { mappedError } from '../mapped-error';
import { fixedFetch, thrown } from '../testing/sdk-fetch';
import { responsesFormat as format } from './responses-format';

function openai(text: string, status = 200, contentType = 'text/event-stream') {
  const fake = fixedFetch(text, status, contentType);
  return {
    client: new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.test/v1', fetch: fake.fetch, maxRetries: 0 }),
    requests: fake.requests,
  };
}

function rejection(body: Record<string, unknown>): GatewayError {
  const err = thrown(() => format.toChat(body));
  if (!(err instanceof GatewayError)) throw err;
  return err;
}

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

describe('responsesFormat.toChat', () => {
  it('translates what the OpenAI SDK sends: instructions, images, tool calls and outputs, options', async () => {
    const { client, requests } = openai('{}', 200, 'application/json');
    await client.responses.create({
      model: 'fast',
      instructions: 'Be brief.',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this, and the weather in Paris?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18°C' },
        {
          role: 'assistant',
          content: [{ type: 'output_text', text: 'A cat; 18°C.', annotations: [] }],
          type: 'message',
          id: 'msg_1',
          status: 'completed',
        },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [weatherTool],
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 300,
      temperature: 0.5,
      top_p: 1,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      store: false,
      reasoning: { effort: 'low' },
    });
    expect(format.toChat(requests[0].body as Record<string, unknown>)).toEqual({
      model: 'fast',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this, and the weather in Paris?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'assistant', content: 'A cat; 18°C.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather',
            parameters: weatherTool.parameters,
            strict: true,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      max_completion_tokens: 300,
      temperature: 0.5,
      top_p: 1,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      reasoning_effort: 'low',
    });
    expect(format.endpoint).toBe('responses');
  });

  it('takes a string input, json_object and streaming', () => {
    expect(
      format.toChat({
        model: 'fast',
        input: 'Hi',
        stream: true,
        text: { format: { type: 'json_object' } },
        store: true,
      }),
    ).toEqual({
      model: 'fast',
      messages: [{ role: 'user', content: 'Hi' }],
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it.each([
    ['no input', { model: 'fast' }, 'input', "Missing required parameter: 'input'."],
    ['no model', { input: 'x' }, 'model', "Missing required parameter: 'model'."],
    [
      'previous_response_id',
      { model: 'fast', input: 'x', previous_response_id: 'resp_1' },
      'previous_response_id',
      "'previous_response_id' is not supported: this gateway does not store responses; send the whole conversation in 'input'.",
    ],
    [
      'a built-in tool',
      { model: 'fast', input: 'x', tools: [{ type: 'web_search' }] },
      'tools[0].type',
      "Tool type 'web_search' is not supported: this gateway serves function tools only.",
    ],
    [
      'an item reference',
      { model: 'fast', input: [{ type: 'item_reference', id: 'msg_1' }] },
      'input[0]',
      "Invalid 'input[0]': item references need stored responses, which this gateway does not keep.",
    ],
    [
      'a file id image',
      { model: 'fast', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] },
      'input[0].content[0]',
      "Invalid 'input[0].content[0]': only 'image_url' images are supported by this gateway, not file ids.",
    ],
    [
      'a numeric input',
      { model: 'fast', input: 3 },
      'input',
      "Invalid type for 'input': expected a string or an array, but got an integer instead.",
    ],
    [
      'background',
      { model: 'fast', input: 'x', background: true },
      'background',
      "'background' is not supported: this gateway does not store responses.",
    ],
  ])('refuses %s with a 400', (_name, body, param, message) => {
    expect(rejection(body)).toMatchObject({ status: 400, param, message });
  });

  it('renders errors in OpenAI shape, which the SDK raises', async () => {
    const body = format.errorBody(
      mappedError(rejection({ model: 'fast', input: 'x', previous_response_id: 'r' })),
    );
    expect(body).toMatchObject({
      error: { type: 'invalid_request_error', param: 'previous_response_id', code: 'invalid_value' },
    });
    const { client } = openai(JSON.stringify(body), 400, 'application/json');
    await expect(client.responses.create({ model: 'fast', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
  });
});

describe('responsesFormat.completion', () => {
  it('renders text, tool calls and usage as a Response the SDK reads', async () => {
    const rendered = format.completion({
      id: 'chatcmpl-r1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              {
                id: 'call_9',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 40,
        completion_tokens: 12,
        total_tokens: 52,
        prompt_tokens_details: { cached_tokens: 32 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
    });
    expect(rendered).toMatchObject({
      id: 'resp_r1',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      model: 'gpt-4o',
      output: [
        {
          id: 'msg_r1',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Checking.', annotations: [] }],
        },
        {
          id: 'fc_r1_0',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_9',
          name: 'get_weather',
          arguments: '{"city":"Rome"}',
        },
      ],
      usage: {
        input_tokens: 40,
        input_tokens_details: { cached_tokens: 32 },
        output_tokens: 12,
        output_tokens_details: { reasoning_tokens: 4 },
        total_tokens: 52,
      },
    });
    const { client } = openai(JSON.stringify(rendered), 200, 'application/json');
    const response = await client.responses.create({ model: 'fast', input: 'x' });
    expect(response.output_text).toBe('Checking.');
  });

  it('is incomplete when cut by the token limit', () => {
    expect(
      format.completion({
        id: 'chatcmpl-2',
        choices: [{ index: 0, message: { content: 'Lo' }, finish_reason: 'length' }],
      }),
    ).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      usage: null,
    });
  });
});
