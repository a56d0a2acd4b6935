import { multimodalRequest, toolCallRequest } from '../../testing/fixtures/openai/chat-completion';
import {
  JSON_OBJECT_INSTRUCTION,
  translateChatRequest,
  type RequestTranslationOptions,
} from './request-translation';

const direct: RequestTranslationOptions = { defaultMaxTokens: 4096, includeModel: true };
const translate = (body: Record<string, unknown>, stream = false) =>
  translateChatRequest(body, stream, direct);

describe('translateChatRequest', () => {
  it('moves system and developer messages to system, and defaults max_tokens', () => {
    const out = translate({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(out).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 4096,
    });

    const several = translate({
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Rules.', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Be brief.' },
      ],
    });
    expect(several.system).toEqual([
      { type: 'text', text: 'Rules.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Be brief.' },
    ]);
    expect(several.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('translates the documented tool request: tools, tool_choice, max tokens, sampling, stop, user', () => {
    const out = translate(
      {
        ...toolCallRequest,
        max_completion_tokens: 300,
        max_tokens: 999,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        user: 'user-42',
        stream_options: { include_usage: true },
        n: 1,
        seed: 7,
        frequency_penalty: 0,
      },
      true,
    );
    expect(out).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: "What's the weather like in Boston today?" }],
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      tools: [
        {
          name: 'get_current_weather',
          description: 'Get the current weather in a given location',
          input_schema: toolCallRequest.tools[0].function.parameters,
        },
      ],
      tool_choice: { type: 'auto' },
      metadata: { user_id: 'user-42' },
      stream: true,
    });
  });

  it('maps every tool_choice form and parallel_tool_calls', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const choice = (tool_choice: unknown, extra: Record<string, unknown> = {}) =>
      translate({ model: 'm', messages: [], tools, tool_choice, ...extra }).tool_choice;
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice({ type: 'function', function: { name: 'f' } })).toEqual({ type: 'tool', name: 'f' });
    expect(choice(undefined)).toBeUndefined();
    expect(choice(undefined, { parallel_tool_calls: false })).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(choice('required', { parallel_tool_calls: false })).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    // a function tool without parameters still needs a schema; tool_choice without tools is dropped
    expect(translate({ model: 'm', messages: [], tools }).tools).toEqual([
      { name: 'f', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(translate({ model: 'm', messages: [], tool_choice: 'required' }).tool_choice).toBeUndefined();
    // Anthropic's own server tools pass through
    const search = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 };
    expect(translate({ model: 'm', messages: [], tools: [search] }).tools).toEqual([search]);
  });

  it('turns a tool round trip into alternating turns with tool_use and tool_result blocks', () => {
    const out = translate({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24°C' }] },
        { role: 'user', content: 'Thanks. Which is warmer?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_3', function: { name: 'x', arguments: 'not json' } }],
        },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '24°C' }] },
          { type: 'text', text: 'Thanks. Which is warmer?' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'call_3', name: 'x', input: { arguments: 'not json' } }],
      },
    ]);
  });

  it('merges consecutive turns of one role and drops empty ones', () => {
    const out = translate({
      model: 'm',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'three' },
      ],
    });
    expect(out.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
          { type: 'text', text: 'three' },
        ],
      },
    ]);
  });

  it('translates images: URLs to url sources, data URLs to base64 sources; PDFs to documents', () => {
    expect(translate({ ...multimodalRequest }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image', source: { type: 'url', url: 'https://example.com/boardwalk.jpg' } },
        ],
      },
    ]);
    const out = translate({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'native block' } },
          ],
        },
      ],
    });
    expect(out.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'native block' } },
        ],
      },
    ]);
  });

  it('maps response_format: json_schema to output_config, json_object to a system instruction', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    const structured = translate({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema, strict: true } },
    });
    expect(structured.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(structured.system).toBeUndefined();

    const json = translate({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'x' },
      ],
      response_format: { type: 'json_object' },
    });
    expect(json.system).toBe(`Be kind.\n\n${JSON_OBJECT_INSTRUCTION}`);
    expect(translate({ model: 'm', messages: [], response_format: { type: 'text' } })).not.toHaveProperty(
      'system',
    );
  });

  it('maps reasoning_effort to a thinking budget that fits max_tokens', () => {
    const think = (extra: Record<string, unknown>) => translate({ model: 'm', messages: [], ...extra });
    expect(think({ reasoning_effort: 'medium' })).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 8192,
    });
    expect(think({ reasoning_effort: 'high', max_completion_tokens: 5000 })).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4999 },
      max_tokens: 5000,
    });
    expect(think({ reasoning_effort: 'low', max_tokens: 800 })).not.toHaveProperty('thinking');
    expect(think({ reasoning_effort: 'minimal' })).not.toHaveProperty('thinking');
    const own = { type: 'enabled', budget_tokens: 2000 };
    expect(think({ reasoning_effort: 'high', thinking: own }).thinking).toBe(own);
  });

  it('copies keys outside OpenAI chat schema as they are (the extra_body escape hatch)', () => {
    const out = translate({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      top_k: 5,
      container: { id: 'c1' },
      metadata: { ignored: 'openai store metadata' },
    });
    expect(out.top_k).toBe(5);
    expect(out.container).toEqual({ id: 'c1' });
    expect(out).not.toHaveProperty('metadata');
    expect(out.stop_sequences).toBeUndefined();
    expect(translate({ model: 'm', messages: [], stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b']);
  });

  it('builds the Vertex AI variant: no model, anthropic_version in the body', () => {
    const out = translateChatRequest(
      { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] },
      true,
      {
        defaultMaxTokens: 1024,
        includeModel: false,
        anthropicVersion: 'vertex-2023-10-16',
      },
    );
    expect(out).toEqual({
      anthropic_version: 'vertex-2023-10-16',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 1024,
      stream: true,
    });
  });
});
