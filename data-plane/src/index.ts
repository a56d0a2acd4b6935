export { startGateway, type Gateway, type NodeStatus } from './gateway';
export { loadConfig, ConfigError, type GatewayConfig } from './config';
export { ERRORS, GatewayError, type ErrorCode } from './errors';
