import { MASK, isSensitiveField, maskSecrets } from './audit-masking';

describe('audit masking', () => {
  it('knows secret fields in any spelling, and leaves look-alikes alone', () => {
    for (const name of [
      'credentials_sealed',
      'credentialsSealed',
      'key_hash',
      'password_hash',
      'apiKey',
      'api-key',
      'clientSecret',
      'awsSecretAccessKey',
      'awsSessionToken',
      'bearerToken',
      'refresh_token',
      'token_hash',
      'webhook_secret',
      'signingSecret',
      'serviceAccountJsonEncrypted',
      'Authorization',
      'privateKey',
    ]) {
      expect({ name, sensitive: isSensitiveField(name) }).toEqual({ name, sensitive: true });
    }
    for (const name of [
      'name',
      'prefix',
      'max_tokens',
      'maxTokens',
      'keyId',
      'auth_type',
      'tokenUrl',
      'model',
    ]) {
      expect({ name, sensitive: isSensitiveField(name) }).toEqual({ name, sensitive: false });
    }
  });

  it('masks at any depth, keeps header names, and masks credentials by their look', () => {
    const masked = maskSecrets({
      id: 'r1',
      keyHash: 'ab'.repeat(32),
      revokedAt: null,
      checks: [
        {
          type: 'webhook',
          params: { url: 'https://x', headers: { Authorization: 'Bearer abc', 'X-Team': 'core' } },
        },
      ],
      overrides: { max_tokens: 100, note: 'Bearer leaked-here' },
    });
    expect(masked).toEqual({
      id: 'r1',
      keyHash: MASK,
      revokedAt: null,
      checks: [
        { type: 'webhook', params: { url: 'https://x', headers: { Authorization: MASK, 'X-Team': MASK } } },
      ],
      overrides: { max_tokens: 100, note: MASK },
    });
  });
});
