import {
  NATIVE_BASE_URLS,
  OPENAI_COMPATIBLE_PRESETS,
  canonicalJson,
  type ProviderCredentials,
} from '@switchyard/proto';
import { CREDENTIAL_FIELDS, type CredentialField } from './credential-fields';
import { ProviderAccountException, ProviderAccountExceptionCode } from './provider-account.exception';

/** Non-secret, kind-specific settings, as the snapshot carries them. */
export type ProviderOptions = Record<string, string | number | boolean>;

/** Options each kind cannot work without; the rest are optional (e.g. azure-openai's apiVersion). */
const REQUIRED_OPTIONS: Partial<Record<string, string[]>> = {
  bedrock: ['region'],
  vertex: ['project', 'location'],
};
/** Options that, when given, must be strings. */
const STRING_OPTIONS = ['region', 'project', 'location', 'apiVersion', 'tokenUrl', 'deployment'];
const MAX_OPTIONS = 50;

function fail(message: string, code: ProviderAccountExceptionCode): never {
  throw new ProviderAccountException(message, code);
}

/**
 * The base URL a provider gets: the given one, else its kind's default (a preset's, or a
 * native kind's with `{region}`/`{location}` filled from its options; Vertex's `global`
 * location has no regional prefix). `openai-compatible` and `azure-openai` need one.
 */
export function resolveBaseUrl(kind: string, baseUrl: string | null | undefined, options?: unknown): string {
  if (baseUrl) return baseUrl;
  const preset = (OPENAI_COMPATIBLE_PRESETS as Record<string, string>)[kind];
  if (preset) return preset;
  const template = (NATIVE_BASE_URLS as Record<string, string>)[kind];
  if (template) {
    const opts = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
    if (kind === 'vertex' && opts.location === 'global') return 'https://aiplatform.googleapis.com/v1';
    let complete = true;
    const filled = template.replace(/\{(region|location)\}/g, (_, name: string) => {
      const value = opts[name];
      if (typeof value === 'string' && /^[a-z0-9-]+$/.test(value)) return value;
      complete = false;
      return '';
    });
    if (complete) return filled;
  }
  return fail(
    `kind ${kind} has no default base URL${template ? ' without valid options' : ''}; give baseUrl`,
    ProviderAccountExceptionCode.BASE_URL_REQUIRED,
  );
}

/**
 * Checks `options` for `kind` and returns them as stored (null for none): a flat object of
 * scalars, with the options the kind requires.
 */
export function checkProviderOptions(kind: string, options: unknown): ProviderOptions | null {
  const given = options ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    fail('options must be an object', ProviderAccountExceptionCode.INVALID_OPTIONS);
  const entries = Object.entries(given as Record<string, unknown>);
  if (entries.length > MAX_OPTIONS)
    fail(`at most ${MAX_OPTIONS} options are allowed`, ProviderAccountExceptionCode.INVALID_OPTIONS);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 100)
      fail('option names must be 1-100 characters', ProviderAccountExceptionCode.INVALID_OPTIONS);
    const scalar = typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
    if (!scalar)
      fail(`option ${key} must be a string, number or boolean`, ProviderAccountExceptionCode.INVALID_OPTIONS);
    if (typeof value === 'string' && value.length > 2000)
      fail(`option ${key} is longer than 2000 characters`, ProviderAccountExceptionCode.INVALID_OPTIONS);
    if (STRING_OPTIONS.includes(key) && (typeof value !== 'string' || value === ''))
      fail(`option ${key} must be a non-empty string`, ProviderAccountExceptionCode.INVALID_OPTIONS);
  }
  const missing = (REQUIRED_OPTIONS[kind] ?? []).filter((k) => !(k in given));
  if (missing.length)
    fail(
      `kind ${kind} needs the option${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      ProviderAccountExceptionCode.MISSING_OPTION,
    );
  return entries.length ? (given as ProviderOptions) : null;
}

/**
 * Applies a write to stored credentials: a field that is undefined keeps its value, null
 * removes it, a string replaces it. Returns null when nothing is left.
 */
export function mergeCredentials(
  current: ProviderCredentials,
  changes: Partial<Record<CredentialField, string | null>>,
): ProviderCredentials | null {
  const next: ProviderCredentials = { ...current };
  for (const field of CREDENTIAL_FIELDS) {
    const value = changes[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  if (next.serviceAccountJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(next.serviceAccountJson);
    } catch {
      parsed = null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      fail(
        'serviceAccountJson must be the JSON of a service-account key file',
        ProviderAccountExceptionCode.INVALID_CREDENTIALS,
      );
  }
  return Object.keys(next).length ? next : null;
}

/** Whether two credential sets are the same (compared as plaintext, so a key rotation is not a change). */
export function sameCredentials(a: ProviderCredentials | null, b: ProviderCredentials | null): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}
