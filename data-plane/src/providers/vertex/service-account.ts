import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';

/** What the gateway needs from a Google service-account key file. */
export interface ServiceAccount {
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId?: string;
  tokenUri?: string;
  /** Stable for the same account and key; never the key itself. */
  fingerprint: string;
}

/**
 * Reads a service-account key file's JSON (`client_email`, `private_key`, `private_key_id`,
 * `token_uri`). Errors name the missing or unusable field, never its value.
 */
export function parseServiceAccount(json: string): ServiceAccount {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('credentials.serviceAccountJson is not valid JSON');
  }
  const file = value as Record<string, unknown> | null;
  if (!file || typeof file !== 'object')
    throw new Error('credentials.serviceAccountJson is not a JSON object');
  if (typeof file.client_email !== 'string' || file.client_email === '') {
    throw new Error('credentials.serviceAccountJson has no client_email');
  }
  if (typeof file.private_key !== 'string' || file.private_key === '') {
    throw new Error('credentials.serviceAccountJson has no private_key');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: file.private_key, format: 'pem' });
  } catch {
    throw new Error(
      `credentials.serviceAccountJson: the private_key of ${file.client_email} is not a PEM private key`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(
      `credentials.serviceAccountJson: the private_key of ${file.client_email} is not an RSA key`,
    );
  }
  const fingerprint = createHash('sha256')
    .update(file.client_email)
    .update('\0')
    .update(file.private_key)
    .digest('hex');
  return {
    clientEmail: file.client_email,
    privateKey,
    privateKeyId: typeof file.private_key_id === 'string' ? file.private_key_id : undefined,
    tokenUri: typeof file.token_uri === 'string' && file.token_uri ? file.token_uri : undefined,
    fingerprint,
  };
}
