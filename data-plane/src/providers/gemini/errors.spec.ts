import { googleErrors } from '../../testing/fixtures/gemini';
import { toMappedError } from './errors';

const map = (fixture: { status: number; body: unknown }) =>
  toMappedError(fixture.status, {}, Buffer.from(JSON.stringify(fixture.body)));

describe('Google error mapping', () => {
  it('maps canonical statuses', () => {
    expect(map(googleErrors.badRequest)).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: '* GenerateContentRequest.contents: contents is not specified\n',
    });
    expect(map(googleErrors.failedPrecondition)).toMatchObject({ status: 400, code: 'failed_precondition' });
    expect(map(googleErrors.missingApiKey)).toMatchObject({ status: 403, type: 'permission_error' });
    expect(map(googleErrors.unauthenticated)).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(map(googleErrors.modelNotFound)).toMatchObject({ status: 404, code: 'not_found' });
    expect(map(googleErrors.rateLimited)).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(map(googleErrors.internal)).toMatchObject({
      status: 502,
      type: 'server_error',
      code: 'upstream_error',
    });
    expect(map(googleErrors.unavailable)).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(map(googleErrors.deadlineExceeded)).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });

  it('recognises a wrong API key and a prompt that is too long', () => {
    expect(map(googleErrors.invalidApiKey)).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(map(googleErrors.contextTooLong)).toMatchObject({ status: 400, code: 'context_length_exceeded' });
  });

  it("reads Vertex's array-wrapped errors and falls back to the HTTP status", () => {
    const wrapped = toMappedError(429, {}, Buffer.from(JSON.stringify([googleErrors.rateLimited.body])));
    expect(wrapped).toMatchObject({ status: 429, message: googleErrors.rateLimited.body.error.message });
    expect(toMappedError(502, {}, Buffer.from('<html>Bad Gateway</html>'))).toEqual({
      status: 502,
      type: 'server_error',
      code: 'upstream_error',
      message: 'The upstream provider answered HTTP 502: <html>Bad Gateway</html>',
    });
    expect(toMappedError(418, {}, Buffer.alloc(0))).toMatchObject({ status: 400, code: 'upstream_418' });
  });
});
