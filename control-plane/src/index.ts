export { startControlPlane, type ControlPlane } from './start';
export { parseEnv, EnvConfigError, type ControlPlaneConfig } from './config/env';
export { parseConfigYaml, expandEnv, ConfigFileError, type ConfigDocument } from './config-apply/config-file';
