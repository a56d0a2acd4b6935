export { Platform, type PlatformOptions, type GatewayNode } from './platform';
export { spawnNode, type ManagedProcess } from './processes';
export { generateSecrets, loadOrCreateSecrets, type PlatformSecrets } from './secrets';
export { startEmbeddedPostgres, startNatsServer, waitForPort, onPath, type EmbeddedServer } from './embedded';
export { createScratchDatabase, deleteBucket, freePort, freePorts, graphql, randomSuffix } from './scratch';
