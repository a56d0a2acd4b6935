/** Google Vertex AI: Gemini and Claude models behind service-account OAuth. */
export { vertexAdapter, type VertexState } from './vertex-adapter';
export {
  GoogleAuthError,
  ServiceAccountTokens,
  StaticToken,
  CLOUD_PLATFORM_SCOPE,
  DEFAULT_TOKEN_URL,
  type TokenSource,
} from './access-token';
export { parseServiceAccount, type ServiceAccount } from './service-account';
export { VERTEX_ANTHROPIC_VERSION, isAnthropicModel } from './vertex-anthropic';
