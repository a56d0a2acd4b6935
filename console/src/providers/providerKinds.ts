import { NATIVE_BASE_URLS, OPENAI_COMPATIBLE_PRESETS, PROVIDER_KINDS } from './types';

/** The write-only credential fields of the API, each with the label the form gives it. */
export const CREDENTIAL_FIELDS = {
  apiKey: 'API key',
  awsAccessKeyId: 'AWS access key id',
  awsSecretAccessKey: 'AWS secret access key',
  awsSessionToken: 'AWS session token',
  serviceAccountJson: 'Service account JSON',
  clientId: 'Client id',
  clientSecret: 'Client secret',
} as const;
export type CredentialField = keyof typeof CREDENTIAL_FIELDS;

export interface OptionField {
  name: string;
  label: string;
  required?: boolean;
  helperText?: string;
}

/** What each kind needs beyond a base URL: its options and the credentials it reads. */
interface KindSpec {
  label: string;
  options: OptionField[];
  credentials: CredentialField[];
  /** Whether the API needs a base URL (no default for the kind). */
  baseUrlRequired: boolean;
  /** What the form says about the credentials. */
  credentialsHelp?: string;
}

const LABELS: Record<string, string> = {
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible (any URL)',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  vertex: 'Google Vertex AI',
  bedrock: 'AWS Bedrock',
  'azure-openai': 'Azure OpenAI',
  cohere: 'Cohere',
  mistral: 'Mistral',
  groq: 'Groq',
  together: 'Together AI',
  fireworks: 'Fireworks AI',
  deepseek: 'DeepSeek',
  xai: 'xAI',
  perplexity: 'Perplexity',
  openrouter: 'OpenRouter',
  cerebras: 'Cerebras',
  deepinfra: 'DeepInfra',
  nebius: 'Nebius',
  sambanova: 'SambaNova',
  huggingface: 'Hugging Face',
  ollama: 'Ollama (local)',
  vllm: 'vLLM (local)',
  lmstudio: 'LM Studio (local)',
  'llama-cpp': 'llama.cpp (local)',
};

const SPECIAL: Record<string, Partial<KindSpec>> = {
  bedrock: {
    options: [{ name: 'region', label: 'AWS region', required: true, helperText: 'e.g. us-east-1' }],
    credentials: ['awsAccessKeyId', 'awsSecretAccessKey', 'awsSessionToken'],
    credentialsHelp: 'Static AWS credentials for SigV4; a session token only for temporary ones.',
  },
  vertex: {
    options: [
      { name: 'project', label: 'GCP project', required: true },
      { name: 'location', label: 'Location', required: true, helperText: 'e.g. us-central1' },
    ],
    credentials: ['serviceAccountJson', 'apiKey'],
    credentialsHelp: 'A service account key file, or an access token minted elsewhere as the API key.',
  },
  'azure-openai': {
    options: [
      { name: 'apiVersion', label: 'API version', helperText: 'e.g. 2024-10-21' },
      { name: 'tenantId', label: 'Entra ID tenant id', helperText: 'Only with client id and secret' },
    ],
    credentials: ['apiKey', 'clientId', 'clientSecret'],
    baseUrlRequired: true,
    credentialsHelp: 'An API key, or an Entra ID app (client id and secret, with the tenant id option).',
  },
  'openai-compatible': { baseUrlRequired: true },
};

export const KIND_CHOICES = PROVIDER_KINDS.map((kind) => ({ id: kind, name: LABELS[kind] ?? kind }));

export function kindSpec(kind: string | undefined): KindSpec {
  const special = (kind && SPECIAL[kind]) || {};
  return {
    label: (kind && LABELS[kind]) ?? kind ?? '',
    options: special.options ?? [],
    credentials: special.credentials ?? ['apiKey'],
    baseUrlRequired: special.baseUrlRequired ?? false,
    credentialsHelp: special.credentialsHelp,
  };
}

/** The base URL the API uses when none is given, to show as a hint. */
export function defaultBaseUrl(kind: string | undefined): string | undefined {
  if (!kind) return undefined;
  return (OPENAI_COMPATIBLE_PRESETS as Record<string, string>)[kind] ?? NATIVE_BASE_URLS[kind] ?? undefined;
}
