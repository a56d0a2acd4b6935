import { createCipheriv, createDecipheriv, createHmac, hash, hkdfSync } from 'node:crypto';

/**
 * A 32-byte AES-256-GCM key, parsed from an environment variable holding 64 hex characters
 * or base64 of 32 bytes. Throws an error that names the variable otherwise.
 */
export function parseSecretKey(value: string | undefined, variable: string): Buffer {
  if (!value) throw new Error(`${variable} is required: 32 random bytes as 64 hex characters or base64`);
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new Error(
      `${variable} must be 32 bytes (64 hex characters or base64 of 32 bytes), got ${key.length}`,
    );
  }
  return key;
}

const PREFIX = 'sy1';
const subkeys = new WeakMap<Buffer, { enc: Buffer; iv: Buffer }>();

function derive(key: Buffer): { enc: Buffer; iv: Buffer } {
  let k = subkeys.get(key);
  if (!k) {
    k = {
      enc: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'switchyard/seal/enc', 32)),
      iv: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'switchyard/seal/iv', 32)),
    };
    subkeys.set(key, k);
  }
  return k;
}

/**
 * Encrypts `plaintext` with AES-256-GCM, bound to `context` (additional authenticated data,
 * e.g. the provider id, so a sealed value cannot be moved to another record).
 *
 * The IV is synthetic (HMAC of context and plaintext under a separate subkey), so sealing
 * the same value twice gives the same envelope: snapshots of unchanged config hash equally.
 * The only thing this reveals is whether two sealed values are equal.
 *
 * Envelope: `sy1:<iv>:<tag>:<ciphertext>`, each part base64url.
 */
export function sealSecret(key: Buffer, context: string, plaintext: string): string {
  const { enc, iv: ivKey } = derive(key);
  const iv = createHmac('sha256', ivKey)
    .update(context)
    .update('\0')
    .update(plaintext)
    .digest()
    .subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', enc, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    PREFIX,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join(':');
}

/** Opens an envelope made by `sealSecret` with the same key and context; throws if it was tampered with. */
export function openSecret(key: Buffer, context: string, envelope: string): string {
  const parts = envelope.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new Error('not a sealed secret');
  const [, iv, tag, data] = parts;
  const decipher = createDecipheriv('aes-256-gcm', derive(key).enc, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * How a virtual key's secret is stored and looked up: lower-case hex SHA-256. The one-shot
 * `hash` (a third of `createHash`'s time: no Hash object) runs on every gateway request.
 */
export function hashKeySecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}
