import { OPENAI_COMPATIBLE_PRESETS, type ProviderCredentials } from '@switchyard/proto';

/** One cheap authenticated call that proves a provider account works: its models list. */
export interface ProviderProbe {
  url: string;
  headers: Record<string, string>;
  /** Counts the models in the answer's JSON. */
  countModels(body: unknown): number | null;
}

const OPENAI_LIKE = new Set<string>([
  'openai',
  'openai-compatible',
  'mistral',
  ...Object.keys(OPENAI_COMPATIBLE_PRESETS),
]);

const arrayLength = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);
const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;

function join(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * The models endpoint of a kind with the account's credentials, or null for kinds whose
 * credentials need more than one call to check (Bedrock SigV4, Vertex service accounts,
 * Azure deployments): those answer "not supported".
 */
export function providerProbe(
  kind: string,
  baseUrl: string,
  credentials: ProviderCredentials,
): ProviderProbe | null {
  const extra = credentials.headers ?? {};
  const key = credentials.apiKey;
  if (OPENAI_LIKE.has(kind)) {
    return {
      url: join(baseUrl, '/models'),
      headers: { ...extra, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      countModels: (body) => arrayLength(field(body, 'data')),
    };
  }
  switch (kind) {
    case 'anthropic':
      return {
        url: join(baseUrl, '/models'),
        headers: { ...extra, ...(key ? { 'x-api-key': key } : {}), 'anthropic-version': '2023-06-01' },
        countModels: (body) => arrayLength(field(body, 'data')),
      };
    case 'gemini':
      return {
        url: join(baseUrl, '/models'),
        headers: { ...extra, ...(key ? { 'x-goog-api-key': key } : {}) },
        countModels: (body) => arrayLength(field(body, 'models')),
      };
    case 'cohere':
      // Cohere lists models under v1 only; chat is on v2.
      return {
        url: join(baseUrl.replace(/\/v2\/*$/, '/v1'), '/models'),
        headers: { ...extra, ...(key ? { authorization: `Bearer ${key}` } : {}) },
        countModels: (body) => arrayLength(field(body, 'models')),
      };
    default:
      return null;
  }
}
