import { UpstreamProtocolError } from '../adapter-types';
import { chatCompletion, openAIErrors, toolCallCompletion } from '../../testing/fixtures/openai';
import { openAIShape } from '.';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('openAIShape', () => {
  it('builds request bodies: stream with include_usage kept beside client options, model optional', () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream_options: { x: 1 } };
    expect(JSON.parse(openAIShape.chatBody(body, true))).toEqual({
      ...body,
      stream: true,
      stream_options: { x: 1, include_usage: true },
    });
    const plain = JSON.parse(openAIShape.chatBody(body, false, { omitModel: true }));
    expect(plain).toEqual({ messages: body.messages });
    expect(body.stream_options).toEqual({ x: 1 }); // the canonical body is not touched
  });

  it('reads completions and their usage', () => {
    const text = openAIShape.chatResponse(json(chatCompletion), 'gpt-4o-mini');
    expect(text.completion).toEqual(chatCompletion);
    expect(text.usage).toEqual({
      promptTokens: 19,
      completionTokens: 10,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
    const tool = openAIShape.chatResponse(json(toolCallCompletion), 'm');
    expect(tool.usage?.completionTokens).toBe(17);
    const noModel = openAIShape.chatResponse(json({ choices: [], model: '' }), 'dep');
    expect(noModel.completion.model).toBe('dep');
    expect(noModel.usage).toBeNull();
  });

  it('rejects completions that are not completions', () => {
    expect(() => openAIShape.chatResponse(Buffer.from('<html>'), 'm')).toThrow(UpstreamProtocolError);
    expect(() => openAIShape.chatResponse(json({ id: 'x' }), 'm')).toThrow(/no choices/);
  });

  it('maps error answers, keeping upstream codes and client-error statuses', () => {
    const e = (status: number, body: unknown) => openAIShape.errorResponse(status, {}, json(body));
    expect(e(429, openAIErrors.rateLimited.body)).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
    });
    expect(e(401, openAIErrors.invalidApiKey.body)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(e(500, openAIErrors.serverError.body)).toMatchObject({
      status: 502,
      type: 'server_error',
      code: 'upstream_error',
    });
    expect(e(400, { error: { message: 'filtered', code: 'content_filter', type: null } })).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'content_filter',
      message: 'filtered',
    });
    expect(e(503, { message: 'busy' })).toMatchObject({ status: 503, message: 'busy' });
    expect(e(504, {})).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(e(418, {})).toMatchObject({ status: 400, code: 'upstream_418' });
    const html = openAIShape.errorResponse(502, {}, Buffer.from('<html>Bad gateway</html>'));
    expect(html).toMatchObject({
      status: 502,
      message: 'The upstream provider answered HTTP 502: <html>Bad gateway</html>',
    });
  });

  it('passes embeddings through and reads their usage', () => {
    const answer = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 5, total_tokens: 5 },
    };
    const out = openAIShape.embeddingsResponse(json(answer), 'x');
    expect(out.response).toEqual(answer);
    expect(out.usage).toEqual({ promptTokens: 5, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 });
    expect(() => openAIShape.embeddingsResponse(json({ object: 'list' }), 'x')).toThrow(
      UpstreamProtocolError,
    );
    expect(JSON.parse(openAIShape.embeddingsBody({ model: 'm', input: 'a' }, { omitModel: true }))).toEqual({
      input: 'a',
    });
  });
});
