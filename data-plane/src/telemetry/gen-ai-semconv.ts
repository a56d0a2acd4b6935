/**
 * OpenTelemetry GenAI semantic-convention names this gateway writes. They are still
 * "incubating" upstream, so, as the semantic-conventions package advises, they are copied
 * here rather than imported from its unstable entry point.
 */
export const GEN_AI = {
  system: 'gen_ai.system',
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  reasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
} as const;

export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';

/** Switchyard's own attributes, under `switchyard.*`. */
export const SWITCHYARD = {
  requestId: 'switchyard.request_id',
  nodeId: 'switchyard.node_id',
  workspaceId: 'switchyard.workspace.id',
  keyId: 'switchyard.key.id',
  routeAlias: 'switchyard.route.alias',
  routeId: 'switchyard.route.id',
  target: 'switchyard.target',
  providerId: 'switchyard.provider.id',
  providerName: 'switchyard.provider.name',
  providerKind: 'switchyard.provider.kind',
  attempts: 'switchyard.attempts',
  attempt: 'switchyard.attempt',
  failureKind: 'switchyard.failure.kind',
  costMicroUsd: 'switchyard.cost.micro_usd',
  stream: 'switchyard.stream',
  tokensEstimated: 'switchyard.tokens_estimated',
  errorCode: 'switchyard.error.code',
  endpoint: 'switchyard.endpoint',
} as const;

// Provider kinds whose well-known `gen_ai.provider.name` differs from the kind's own name.
const PROVIDER_NAMES: Record<string, string> = {
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  'azure-openai': 'azure.ai.openai',
  mistral: 'mistral_ai',
  xai: 'x_ai',
};

/** `gen_ai.system` / `gen_ai.provider.name` for a provider kind: the well-known value, else the kind. */
export function genAiSystem(kind: string): string {
  return PROVIDER_NAMES[kind] ?? kind;
}

/** `gen_ai.operation.name` for a request's endpoint (`RequestContext.endpoint`). */
export function genAiOperation(endpoint: string): string {
  if (endpoint === 'embeddings') return 'embeddings';
  if (endpoint === 'completions') return 'text_completion';
  return 'chat';
}
