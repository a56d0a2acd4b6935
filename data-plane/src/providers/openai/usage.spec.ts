import { chatCompletion, toolCallCompletion } from '../../testing/fixtures/openai/chat-completion';
import { findUsage } from './usage';

const bytes = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value, null, 2));

describe('findUsage', () => {
  it('reads the usage of documented completions, compact or indented', () => {
    expect(findUsage(Buffer.from(JSON.stringify(chatCompletion)))).toEqual({
      promptTokens: 19,
      completionTokens: 10,
    });
    expect(findUsage(bytes(toolCallCompletion))).toEqual({ promptTokens: 82, completionTokens: 17 });
  });

  it('is not fooled by "usage" inside strings or nested objects of text', () => {
    const tricky = {
      choices: [{ message: { content: 'say "usage": {"prompt_tokens": 999} and \\"usage\\":{}' } }],
      usage: { prompt_tokens: 3, completion_tokens: 4, details: { note: '}{"' } },
      extra: 'the "usage" word again',
    };
    expect(findUsage(bytes(tricky))).toEqual({ promptTokens: 3, completionTokens: 4 });
  });

  it('returns null when usage is absent, null or cut short', () => {
    expect(findUsage(bytes({ choices: [] }))).toBeNull();
    expect(findUsage(bytes({ choices: [], usage: null }))).toBeNull();
    expect(findUsage(bytes('{"usage": {"prompt_tokens": 1'))).toBeNull();
    expect(findUsage(bytes('not json at all'))).toBeNull();
  });
});
