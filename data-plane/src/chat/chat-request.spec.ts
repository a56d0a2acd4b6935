import { GatewayError } from '../errors';
import { parseChatRequest, upstreamBody } from './chat-request';

const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const messages = [{ role: 'user', content: 'hi' }];

function rejection(value: unknown): GatewayError {
  try {
    parseChatRequest(raw(value));
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('parseChatRequest', () => {
  it('accepts a minimal request and reads model, stream and include_usage', () => {
    expect(parseChatRequest(raw({ model: 'fast', messages }))).toMatchObject({
      model: 'fast',
      stream: false,
      clientWantsUsage: false,
    });
    expect(
      parseChatRequest(
        raw({ model: 'fast', messages, stream: true, stream_options: { include_usage: true } }),
      ),
    ).toMatchObject({ stream: true, clientWantsUsage: true });
    expect(
      parseChatRequest(raw({ model: 'fast', messages, stream: null, stream_options: null })),
    ).toMatchObject({
      stream: false,
    });
  });

  it.each([
    ['not JSON', '{"model":', 'invalid_json', null],
    ['an array', [1], 'invalid_json', null],
    ['null', 'null', 'invalid_json', null],
    ['no model', { messages }, 'missing_required_parameter', 'model'],
    ['a numeric model', { model: 4, messages }, 'invalid_type', 'model'],
    ['an empty model', { model: '', messages }, 'invalid_value', 'model'],
    ['no messages', { model: 'fast' }, 'missing_required_parameter', 'messages'],
    ['messages as an object', { model: 'fast', messages: {} }, 'invalid_type', 'messages'],
    ['empty messages', { model: 'fast', messages: [] }, 'invalid_value', 'messages'],
    ['a string message', { model: 'fast', messages: ['hi'] }, 'invalid_type', 'messages[0]'],
    ['stream as a string', { model: 'fast', messages, stream: 'true' }, 'invalid_type', 'stream'],
    [
      'stream_options as a list',
      { model: 'fast', messages, stream_options: [] },
      'invalid_type',
      'stream_options',
    ],
    [
      'include_usage as a number',
      { model: 'fast', messages, stream_options: { include_usage: 1 } },
      'invalid_type',
      'stream_options.include_usage',
    ],
  ])('rejects %s with 400 %s', (_what, body, code, param) => {
    const err = rejection(body);
    expect(err).toMatchObject({ code, param, status: 400 });
  });

  it('words type errors like OpenAI', () => {
    expect(rejection({ model: 4, messages }).message).toBe(
      "Invalid type for 'model': expected a string, but got an integer instead.",
    );
  });
});

describe('upstreamBody', () => {
  it('forwards the raw bytes when nothing needs rewriting', () => {
    const body = raw({ model: 'gpt-4o-mini', messages });
    expect(upstreamBody(parseChatRequest(body), 'gpt-4o-mini')).toBe(body);
  });

  it('rewrites only model, keeping every other field as sent', () => {
    const request = {
      model: 'fast',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }],
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
      response_format: { type: 'json_object' },
      temperature: 0,
    };
    const out = JSON.parse(String(upstreamBody(parseChatRequest(raw(request)), 'gpt-4o-mini')));
    expect(out).toEqual({ ...request, model: 'gpt-4o-mini' });
  });

  it('asks a stream for usage, keeping other stream options', () => {
    const parsed = parseChatRequest(
      raw({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { x: 1 } }),
    );
    expect(JSON.parse(String(upstreamBody(parsed, 'gpt-4o-mini'))).stream_options).toEqual({
      x: 1,
      include_usage: true,
    });
  });
});
