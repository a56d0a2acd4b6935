import { ConfigFileError } from './config-file.error';

/**
 * Replaces `${NAME}` with the environment variable NAME in one string value. `$${` stands
 * for a literal `${`. A variable that is not set is an error naming it.
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv, path: string): string {
  return value.replace(/\$\$\{|\$\{([^}]*)\}|\$\{/g, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined)
      throw new ConfigFileError(`${path}: unterminated "\${" (write "$\${" for a literal)`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigFileError(`${path}: "\${${name}}" is not a valid environment variable reference`);
    }
    const resolved = env[name];
    if (resolved === undefined) throw new ConfigFileError(`${path}: environment variable ${name} is not set`);
    return resolved;
  });
}
