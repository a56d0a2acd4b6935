import {
  blockedPromptResponse,
  functionCallResponse,
  maxTokensResponse,
  safetyStoppedResponse,
  textResponse,
  thinkingResponse,
  twoCandidatesResponse,
} from '../../testing/fixtures/gemini';
import { UpstreamProtocolError } from '../adapter-types';
import { toChatCompletion } from './chat-response';
import { toGeminiRequest } from './chat-request';
import { signatureOf } from './tool-call-ids';

const translate = (value: unknown) => toChatCompletion(Buffer.from(JSON.stringify(value)), 'gemini-x');

describe('toChatCompletion', () => {
  it('translates a text answer and its usage', () => {
    const { completion, usage } = translate(textResponse);
    expect(completion).toMatchObject({
      id: 'chatcmpl-mZ3kaOSkHNiNz7IPgNa8kAs',
      object: 'chat.completion',
      model: 'gemini-2.0-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 9, total_tokens: 13 },
    });
    expect(usage).toEqual({ promptTokens: 4, completionTokens: 9, cachedTokens: 0, reasoningTokens: 0 });
  });

  it('turns function calls into tool calls with ids, and back into the same calls', () => {
    const { completion } = translate(functionCallResponse);
    const choice = (
      completion.choices as {
        message: {
          content: unknown;
          tool_calls: { id: string; function: { name: string; arguments: string } }[];
        };
        finish_reason: string;
      }[]
    )[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const calls = choice.message.tool_calls;
    expect(calls.map((c) => JSON.parse(c.function.arguments))).toEqual([
      { location: 'Boston, MA', unit: 'celsius' },
      { location: 'Paris' },
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(calls[0].id).toMatch(/^call_/);
    // the round trip: the client sends the calls back with results
    const next = toGeminiRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather?' },
        choice.message,
        { role: 'tool', tool_call_id: calls[1].id, content: 'sunny' },
        { role: 'tool', tool_call_id: calls[0].id, content: '{"c":3}' },
      ],
    });
    expect(next.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather?' }] },
      { role: 'model', parts: functionCallResponse.candidates[0].content.parts },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_current_weather', response: { content: 'sunny' } } },
          { functionResponse: { name: 'get_current_weather', response: { c: 3 } } },
        ],
      },
    ]);
  });

  it('reads thoughts as reasoning, with cached and thought tokens in the usage', () => {
    const { completion, usage } = translate(thinkingResponse);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: '2 + 2 = 4.',
          reasoning_content: 'The user asks for 2+2. That is 4.',
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 1030,
      completion_tokens: 128,
      total_tokens: 1158,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 120 },
    });
    expect(usage).toEqual({
      promptTokens: 1030,
      completionTokens: 128,
      cachedTokens: 1024,
      reasoningTokens: 120,
    });
  });

  it('keeps the thought signature of a signed function call in its id', () => {
    const { completion } = translate({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'U0lH' }],
          },
          finishReason: 'STOP',
        },
      ],
    });
    const id = (completion.choices as { message: { tool_calls: { id: string }[] } }[])[0].message
      .tool_calls[0].id;
    expect(signatureOf(id)).toBe('U0lH');
  });

  it('maps finish reasons', () => {
    const reasons = (value: unknown) =>
      (translate(value).completion.choices as { finish_reason: string }[]).map((c) => c.finish_reason);
    expect(reasons(maxTokensResponse)).toEqual(['length']);
    expect(reasons(safetyStoppedResponse)).toEqual(['content_filter']);
    expect(reasons(twoCandidatesResponse)).toEqual(['stop', 'stop']);
    for (const reason of ['RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']) {
      expect(reasons({ candidates: [{ finishReason: reason }] })).toEqual(['content_filter']);
    }
    expect(reasons({ candidates: [{ finishReason: 'OTHER' }] })).toEqual(['stop']);
    const safety = translate(safetyStoppedResponse).completion.choices as { message: { content: unknown } }[];
    expect(safety[0].message.content).toBe('');
  });

  it('answers a blocked prompt with a content_filter choice that says why', () => {
    const { completion, usage } = translate(blockedPromptResponse);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: "The prompt was blocked by Google's content filters (SAFETY).",
        },
        logprobs: null,
        finish_reason: 'content_filter',
      },
    ]);
    expect(usage?.promptTokens).toBe(10);
  });

  it('throws UpstreamProtocolError for answers it cannot read', () => {
    expect(() => toChatCompletion(Buffer.from('nope'), 'm')).toThrow(UpstreamProtocolError);
    expect(() => translate({ usageMetadata: {} })).toThrow(UpstreamProtocolError);
  });
});
