import { anthropicErrors } from '../../testing/fixtures/anthropic/errors';
import { anthropicAdapter } from './index';

const map = (status: number, body: object | string) =>
  anthropicAdapter.errorResponse(
    status,
    {},
    Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  );

describe('Anthropic error mapping', () => {
  it('maps every documented error type', () => {
    const e = anthropicErrors;
    const cases: [{ status: number; body: { error: { message: string } } }, number, string, string][] = [
      [e.invalidRequest, 400, 'invalid_request_error', 'invalid_request'],
      [e.promptTooLong, 400, 'invalid_request_error', 'context_length_exceeded'],
      [e.authentication, 401, 'authentication_error', 'upstream_authentication_failed'],
      [e.billing, 402, 'insufficient_quota', 'upstream_billing_error'],
      [e.permission, 403, 'permission_error', 'upstream_permission_denied'],
      [e.notFound, 404, 'invalid_request_error', 'not_found'],
      [e.requestTooLarge, 413, 'invalid_request_error', 'request_too_large'],
      [e.rateLimited, 429, 'rate_limit_error', 'rate_limit_exceeded'],
      [e.apiError, 502, 'server_error', 'upstream_error'],
      [e.timeout, 504, 'server_error', 'upstream_timeout'],
      [e.overloaded, 503, 'server_error', 'upstream_overloaded'],
    ];
    for (const [fixture, status, type, code] of cases) {
      expect(map(fixture.status, fixture.body)).toEqual({
        status,
        type,
        code,
        message: fixture.body.error.message,
      });
    }
  });

  it('falls back on the status for bodies that are not Anthropic errors, naming the status', () => {
    expect(map(413, '<html><body>413 Request Entity Too Large</body></html>')).toEqual({
      status: 413,
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: 'The upstream provider answered HTTP 413 without an error message.',
    });
    expect(map(529, '')).toMatchObject({ status: 503, code: 'upstream_overloaded' });
    expect(map(503, 'upstream connect error')).toMatchObject({ status: 503, code: 'upstream_overloaded' });
    expect(map(502, 'Bad Gateway')).toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: expect.stringContaining('502'),
    });
    expect(map(418, '{}')).toMatchObject({
      status: 418,
      type: 'invalid_request_error',
      code: 'upstream_418',
    });
  });

  it('trusts the status over a type that contradicts it, and keeps unknown types by status', () => {
    expect(map(500, { type: 'error', error: { type: 'invalid_request_error', message: 'odd' } })).toEqual({
      status: 502,
      type: 'server_error',
      code: 'upstream_error',
      message: 'odd',
    });
    expect(map(422, { type: 'error', error: { type: 'new_kind_error', message: 'new' } })).toMatchObject({
      status: 422,
      code: 'upstream_422',
      message: 'new',
    });
    // a Google front end's error shape (Anthropic on Vertex AI)
    expect(
      map(404, { error: { code: 404, message: 'Publisher model not found.', status: 'NOT_FOUND' } }),
    ).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'Publisher model not found.',
    });
  });
});
