export { startGateway, type Gateway, type NodeStatus } from './gateway';
export { loadConfig, ConfigError, type GatewayConfig } from './config';
export { ERRORS, GatewayError, type ErrorCode } from './errors';
/** For `bench/`: the semantic cache's index and the built-in embedder it is measured with. */
export { VectorIndex } from './cache/vector-index';
export { localEmbed } from './routing/semantic/local-embedder';
