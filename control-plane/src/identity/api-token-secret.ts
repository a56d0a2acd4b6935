import { createHash, randomBytes } from 'node:crypto';

/** Every admin API token starts with this, so the auth service knows which kind it got. */
export const API_TOKEN_PREFIX = 'sya_';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_LENGTH = 40;

/** `sya_` and 40 uniformly random base62 characters (~238 bits). */
export function generateApiTokenSecret(): string {
  let out = API_TOKEN_PREFIX;
  while (out.length < API_TOKEN_PREFIX.length + RANDOM_LENGTH) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < API_TOKEN_PREFIX.length + RANDOM_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** What is stored: hex SHA-256 (the secret has enough entropy that a slow hash adds nothing). */
export function hashApiTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The leading characters shown in listings. */
export function apiTokenPrefix(secret: string): string {
  return secret.slice(0, API_TOKEN_PREFIX.length + 6);
}
