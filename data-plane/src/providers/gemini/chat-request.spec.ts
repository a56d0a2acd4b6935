import { toolCallRequest } from '../../testing/fixtures/openai/chat-completion';
import { GatewayError } from '../../errors';
import { toGeminiRequest } from './chat-request';
import { toolCallId } from './tool-call-ids';

describe('toGeminiRequest', () => {
  it('puts system messages in systemInstruction and maps roles to user/model', () => {
    const out = toGeminiRequest({
      model: 'gemini-2.0-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Again' }] },
      ],
    });
    expect(out).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { role: 'user', parts: [{ text: 'Again' }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] },
    });
  });

  it('sends data: images inline and http images by URI with a guessed type', () => {
    const out = toGeminiRequest({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: "What's in these?" },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            {
              type: 'image_url',
              image_url: { url: 'https://example.com/boardwalk.webp?x=1', detail: 'low' },
            },
            { type: 'image_url', image_url: { url: 'https://example.com/photo' } },
          ],
        },
      ],
    });
    expect(out.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: "What's in these?" },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/boardwalk.webp?x=1' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photo' } },
        ],
      },
    ]);
  });

  it('translates tools, tool_choice and a full tool round trip', () => {
    const signed = toolCallId('c2ln');
    const out = toGeminiRequest({
      ...toolCallRequest,
      messages: [
        ...toolCallRequest.messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: signed,
              type: 'function',
              function: { name: 'get_current_weather', arguments: '{"location":"Boston"}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: signed, content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_2', content: '10:00' },
        { role: 'user', content: 'Thanks' },
      ],
      tool_choice: { type: 'function', function: { name: 'get_current_weather' } },
    });
    expect(out.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_current_weather',
            description: 'Get the current weather in a given location',
            parameters: {
              type: 'OBJECT',
              properties: {
                location: { type: 'STRING', description: 'The city and state, e.g. San Francisco, CA' },
                unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] },
              },
              required: ['location'],
            },
          },
        ],
      },
    ]);
    expect(out.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_current_weather'] },
    });
    expect((out.contents as unknown[]).slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_current_weather', args: { location: 'Boston' } },
            thoughtSignature: 'c2ln',
          },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_current_weather', response: { temp: 21 } } },
          { functionResponse: { name: 'get_time', response: { content: '10:00' } } },
        ],
      },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('strips JSON-schema keys Gemini rejects and inlines $refs', () => {
    const out = toGeminiRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'save',
            strict: true,
            parameters: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              additionalProperties: false,
              properties: {
                note: { type: ['string', 'null'], format: 'uri' },
                tag: { $ref: '#/$defs/tag' },
                kind: { const: 'a' },
              },
              $defs: { tag: { type: 'string', enum: ['x', 'y'], additionalProperties: false } },
            },
          },
        },
        { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'required',
    });
    expect(out.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'save',
            parameters: {
              type: 'OBJECT',
              properties: {
                note: { type: 'STRING', nullable: true },
                tag: { type: 'STRING', enum: ['x', 'y'] },
                kind: { enum: ['a'] },
              },
            },
          },
          { name: 'ping' },
        ],
      },
    ]);
    expect(out.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });

  it('maps sampling settings, response formats and reasoning effort to generationConfig', () => {
    const out = toGeminiRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: 'END',
      n: 2,
      seed: 7,
      reasoning_effort: 'low',
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'r',
          strict: true,
          schema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
        },
      },
      tool_choice: 'none',
    });
    expect(out.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 7,
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { a: { type: 'INTEGER' } } },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(out.toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    const json = toGeminiRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
      max_completion_tokens: 5,
      max_tokens: 9,
    });
    expect(json.generationConfig).toEqual({ responseMimeType: 'application/json', maxOutputTokens: 5 });
  });

  it('passes unknown parameters through and drops OpenAI-only ones', () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }];
    const out = toGeminiRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      user: 'u1',
      parallel_tool_calls: false,
      safetySettings,
      cachedContent: 'cachedContents/abc',
      generationConfig: { topK: 3 },
    });
    expect(out).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'x' }] }],
      generationConfig: { topK: 3 },
      safetySettings,
      cachedContent: 'cachedContents/abc',
    });
  });

  it('refuses what Gemini cannot take, naming the parameter', () => {
    const bad = (body: Record<string, unknown>) => {
      try {
        toGeminiRequest({ model: 'm', ...body });
      } catch (err) {
        return err as GatewayError;
      }
      throw new Error('expected an error');
    };
    expect(bad({ messages: [] }).param).toBe('messages');
    expect(bad({ messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] })).toMatchObject({
      code: 'invalid_value',
      param: 'messages[0].tool_call_id',
    });
    expect(bad({ messages: [{ role: 'user', content: [{ type: 'audio_url' }] }] }).param).toBe(
      'messages[0].content[0]',
    );
    expect(bad({ messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }).param).toBe('temperature');
    expect(bad({ messages: [{ role: 'system', content: 'only system' }] }).param).toBe('messages');
  });
});
