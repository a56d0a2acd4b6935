import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET_LENGTH = 32;

/** How many leading characters of a secret are kept (as `prefix`) so people can recognise a key. */
export const KEY_PREFIX_LENGTH = 10;

/** A virtual key secret: `sy-` and 32 uniformly random base62 characters (~190 bits). */
export function generateKeySecret(): string {
  let out = 'sy-';
  while (out.length < 3 + SECRET_LENGTH) {
    for (const byte of randomBytes(48)) {
      // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < 3 + SECRET_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function keyPrefix(secret: string): string {
  return secret.slice(0, KEY_PREFIX_LENGTH);
}

/** Fixed secrets (dev/test): at least 16 printable ASCII characters, no whitespace. */
export const FIXED_SECRET_PATTERN = /^[\x21-\x7e]{16,256}$/;
