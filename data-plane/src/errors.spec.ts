import { ERRORS, errorBody, GatewayError, modelNotFound, renderError, type ErrorCode } from './errors';

describe('error catalogue', () => {
  it.each(Object.keys(ERRORS) as ErrorCode[])('renders %s in the OpenAI error shape', (code) => {
    const err = new GatewayError(code);
    expect(err.status).toBe(ERRORS[code].status);
    expect(JSON.parse(renderError(err))).toEqual({
      error: { message: ERRORS[code].message, type: ERRORS[code].type, param: null, code },
    });
  });

  it('uses 4xx for the client and 5xx for the gateway or upstream', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      const clientSide = ['invalid_request_error', 'insufficient_quota'].includes(spec.type);
      expect([code, clientSide ? spec.status < 500 : spec.status >= 500]).toEqual([code, true]);
    }
  });

  it('words model_not_found like OpenAI and keeps parameters', () => {
    expect(modelNotFound('gpt-9').message).toBe(
      'The model `gpt-9` does not exist or you do not have access to it.',
    );
    expect(JSON.parse(errorBody('invalid_type', 'bad', 'messages')).error.param).toBe('messages');
  });
});
