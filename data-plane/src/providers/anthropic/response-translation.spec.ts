import { UpstreamProtocolError } from '../adapter-types';
import {
  cachedPromptMessage,
  textMessage,
  thinkingMessage,
  toolUseMessage,
} from '../../testing/fixtures/anthropic/messages';
import { parseMessage, translateMessage } from './response-translation';
import { finishReason } from './usage';

const translate = (message: object, model = 'claude-sonnet-4-5') =>
  translateMessage(parseMessage(Buffer.from(JSON.stringify(message))), model);

describe('translateMessage', () => {
  it('translates a text answer into a chat.completion', () => {
    const { completion, usage } = translate(textMessage);
    expect(completion).toEqual({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi! My name is Claude.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 2095,
        completion_tokens: 503,
        total_tokens: 2598,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(usage).toEqual({ promptTokens: 2095, completionTokens: 503, cachedTokens: 0, reasoningTokens: 0 });
  });

  it('turns tool_use blocks into tool_calls with JSON arguments', () => {
    const { completion } = translate(toolUseMessage);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: "I'll check the current weather in San Francisco for you.",
          refusal: null,
          tool_calls: [
            {
              id: 'toolu_01A09q90qw90lq917835lq9',
              type: 'function',
              function: {
                name: 'get_weather',
                arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
              },
            },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
    const only = translate({ ...toolUseMessage, content: [toolUseMessage.content[1]] });
    expect((only.completion.choices as { message: { content: unknown } }[])[0].message.content).toBeNull();
  });

  it('puts thinking into reasoning_content, skips redacted thinking, counts thinking tokens', () => {
    const { completion, usage } = translate(thinkingMessage);
    const reply = (completion.choices as { message: Record<string, unknown> }[])[0].message;
    expect(reply.content).toBe('Yes, there are infinitely many prime numbers such that...');
    expect(reply.reasoning_content).toBe(
      'To approach this, let me think about what I know about prime numbers...',
    );
    expect(usage).toMatchObject({ completionTokens: 1411, reasoningTokens: 1200 });
  });

  it('counts cache reads and writes as prompt tokens, reads as cached', () => {
    const { completion, usage } = translate(cachedPromptMessage);
    expect(usage).toEqual({
      promptTokens: 21 + 1024 + 188086,
      completionTokens: 393,
      cachedTokens: 188086,
      reasoningTokens: 0,
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 189131,
      completion_tokens: 393,
      total_tokens: 189524,
      prompt_tokens_details: { cached_tokens: 188086 },
    });
    expect((completion.choices as { finish_reason: string }[])[0].finish_reason).toBe('length');
  });

  it('maps every stop reason', () => {
    expect(finishReason('end_turn')).toBe('stop');
    expect(finishReason('stop_sequence')).toBe('stop');
    expect(finishReason('pause_turn')).toBe('stop');
    expect(finishReason('max_tokens')).toBe('length');
    expect(finishReason('model_context_window_exceeded')).toBe('length');
    expect(finishReason('tool_use')).toBe('tool_calls');
    expect(finishReason('refusal')).toBe('content_filter');
    expect(finishReason(null)).toBe('stop');
    const refused = translate({ ...textMessage, stop_reason: 'refusal' });
    expect((refused.completion.choices as { finish_reason: string }[])[0].finish_reason).toBe(
      'content_filter',
    );
  });

  it('uses the asked model when the message names none, and no usage when there is none', () => {
    const { model: _model, usage: _usage, ...bare } = textMessage;
    const { completion, usage } = translate(bare, 'claude-x');
    expect(completion.model).toBe('claude-x');
    expect(completion).not.toHaveProperty('usage');
    expect(usage).toBeNull();
  });

  it('throws UpstreamProtocolError on bodies that are not Anthropic messages', () => {
    const bad = [
      'not json',
      '[]',
      'null',
      JSON.stringify({ choices: [] }),
      JSON.stringify({ ...textMessage, type: 'error' }),
      JSON.stringify({ ...textMessage, content: 'text' }),
      JSON.stringify({ ...textMessage, content: [null] }),
      JSON.stringify({ ...textMessage, content: [{ type: 'tool_use', input: {} }] }),
    ];
    for (const body of bad) expect(() => parseMessage(Buffer.from(body))).toThrow(UpstreamProtocolError);
  });
});
