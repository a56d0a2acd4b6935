/**
 * The API's enumerations, as proto defines them (the console does not depend on proto, so they are
 * repeated here; the API refuses anything else).
 */
export const NATIVE_PROVIDER_KINDS = [
  'openai',
  'openai-compatible',
  'anthropic',
  'gemini',
  'vertex',
  'bedrock',
  'azure-openai',
  'cohere',
  'mistral',
] as const;

/** OpenAI-compatible presets: a default base URL on the shared OpenAI adapter. */
export const OPENAI_COMPATIBLE_PRESETS = {
  groq: 'https://api.groq.com/openai/v1',
  together: 'https://api.together.xyz/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  deepseek: 'https://api.deepseek.com/v1',
  xai: 'https://api.x.ai/v1',
  perplexity: 'https://api.perplexity.ai',
  openrouter: 'https://openrouter.ai/api/v1',
  cerebras: 'https://api.cerebras.ai/v1',
  deepinfra: 'https://api.deepinfra.com/v1/openai',
  nebius: 'https://api.studio.nebius.com/v1',
  sambanova: 'https://api.sambanova.ai/v1',
  huggingface: 'https://router.huggingface.co/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  vllm: 'http://127.0.0.1:8000/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
  'llama-cpp': 'http://127.0.0.1:8080/v1',
} as const;

/** Default base URLs of native kinds; `{region}` and `{location}` come from the options. */
export const NATIVE_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  vertex: 'https://{location}-aiplatform.googleapis.com/v1',
  bedrock: 'https://bedrock-runtime.{region}.amazonaws.com',
  cohere: 'https://api.cohere.com/v2',
  mistral: 'https://api.mistral.ai/v1',
};

export const PROVIDER_KINDS = [
  ...NATIVE_PROVIDER_KINDS,
  ...(Object.keys(OPENAI_COMPATIBLE_PRESETS) as (keyof typeof OPENAI_COMPATIBLE_PRESETS)[]),
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderAccount {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  baseUrl: string;
  /** Non-secret, kind-specific settings (bedrock region, vertex project/location, azure apiVersion…). */
  options: Record<string, string | number | boolean> | null;
  /** Credentials are write-only: the API only says whether some are stored. */
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
}
