import { ProviderAccountException } from './provider-account.exception';
import { resolveBaseUrl } from './provider-config';

describe('resolveBaseUrl', () => {
  it('keeps a given base URL and fills in preset and native defaults', () => {
    expect(resolveBaseUrl('anthropic', 'http://127.0.0.1:9/v1')).toBe('http://127.0.0.1:9/v1');
    expect(resolveBaseUrl('groq', null)).toBe('https://api.groq.com/openai/v1');
    expect(resolveBaseUrl('anthropic', undefined)).toBe('https://api.anthropic.com/v1');
    expect(resolveBaseUrl('bedrock', null, { region: 'eu-west-1' })).toBe(
      'https://bedrock-runtime.eu-west-1.amazonaws.com',
    );
    expect(resolveBaseUrl('vertex', null, { project: 'p', location: 'us-central1' })).toBe(
      'https://us-central1-aiplatform.googleapis.com/v1',
    );
    expect(resolveBaseUrl('vertex', null, { project: 'p', location: 'global' })).toBe(
      'https://aiplatform.googleapis.com/v1',
    );
  });

  it('refuses kinds without a default, and templates whose options are missing or unsafe', () => {
    for (const [kind, options] of [
      ['azure-openai', undefined],
      ['openai-compatible', undefined],
      ['bedrock', {}],
      ['bedrock', { region: 'evil.example/x' }],
    ] as const) {
      expect(() => resolveBaseUrl(kind, null, options)).toThrow(ProviderAccountException);
    }
  });
});
