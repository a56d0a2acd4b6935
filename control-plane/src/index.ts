export { startControlPlane, type ControlPlane } from './start';
export { parseEnv, EnvConfigError, type ControlPlaneConfig } from './config/env';
export { parseConfigYaml } from './config-apply/config-file/parse-config-yaml';
export { expandEnv } from './config-apply/config-file/expand-env';
export { ConfigFileError } from './config-apply/config-file/config-file.error';
export type { ConfigDocument } from './config-apply/config-file/config-file.types';
