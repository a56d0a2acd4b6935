/** What a masked value is replaced with. */
export const MASK = '***';

/**
 * Field names whose values never enter the audit log, compared after lower-casing and
 * removing `_`, `-` and spaces (so `key_hash`, `keyHash` and `Key-Hash` are one name).
 * The one list to extend when a record gains a secret field.
 */
export const SENSITIVE_FIELD_NAMES: readonly string[] = [
  'apikey',
  'authorization',
  'bearertoken',
  'clientsecret',
  'cookie',
  'credentials',
  'keyhash',
  'passwordhash',
  'password',
  'privatekey',
  'secret',
  'secretaccesskey',
  'sessiontoken',
  'signingsecret',
  'token',
  'tokenhash',
  'webhooksecret',
];

/** Name fragments that make any field sensitive wherever they occur in its name. */
export const SENSITIVE_FIELD_PARTS: readonly string[] = [
  'secret',
  'password',
  'passwd',
  'apikey',
  'privatekey',
  'credential',
  'sealed',
  'encrypted',
  'ciphertext',
];

/** Name endings that make a field sensitive (`key_hash`, `refresh_token`; not `max_tokens`). */
export const SENSITIVE_FIELD_SUFFIXES: readonly string[] = ['token', 'hash', 'authorization', 'cookie'];

/** Fields holding a map of header name → value: the names stay, every value is masked. */
const HEADER_MAPS = new Set(['headers', 'extraheaders', 'customheaders']);

function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/** Whether a field of this name holds a secret. */
export function isSensitiveField(name: string): boolean {
  const n = normalize(name);
  return (
    SENSITIVE_FIELD_NAMES.includes(n) ||
    SENSITIVE_FIELD_PARTS.some((part) => n.includes(part)) ||
    SENSITIVE_FIELD_SUFFIXES.some((suffix) => n.endsWith(suffix))
  );
}

/** A value that is a credential by its look, whatever its field is called. */
function looksLikeCredential(value: string): boolean {
  return /^(bearer|basic)\s+\S/i.test(value) || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value);
}

/**
 * A deep copy of `value` with every sensitive field's value (present and not null) replaced
 * by `***`, at any depth, in objects and arrays.
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === 'string') return looksLikeCredential(value) ? MASK : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === null || field === undefined) out[name] = field;
    else if (isSensitiveField(name)) out[name] = MASK;
    else if (HEADER_MAPS.has(normalize(name)) && typeof field === 'object' && !Array.isArray(field)) {
      out[name] = Object.fromEntries(Object.keys(field).map((header) => [header, MASK]));
    } else out[name] = maskSecrets(field);
  }
  return out;
}
