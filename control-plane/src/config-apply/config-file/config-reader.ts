import { ConfigFileError } from './config-file.error';
import { expandEnv } from './expand-env';

/**
 * Reads the values of one config file: checks each one's shape and expands `${VAR}` in
 * strings. A path is where a value sits in the file (`workspaces[0].routes[1].alias`);
 * every error names the file and the path.
 */
export class ConfigReader {
  constructor(
    private readonly source: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A path as errors show it: prefixed with the file. */
  at(path: string): string {
    return `${this.source}: ${path}`;
  }

  /** `value` as a mapping whose keys are all in `allowed` (any keys when `allowed` is null). */
  mapping(value: unknown, path: string, allowed: readonly string[] | null): Record<string, unknown> {
    const where = this.at(path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigFileError(`${where} must be a mapping`);
    }
    const unknownKeys = allowed ? Object.keys(value).filter((k) => !allowed.includes(k)) : [];
    if (allowed && unknownKeys.length) {
      throw new ConfigFileError(
        `${where}: unknown field "${unknownKeys[0]}" (expected one of: ${allowed.join(', ')})`,
      );
    }
    return value as Record<string, unknown>;
  }

  list(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw new ConfigFileError(`${this.at(path)} must be a list`);
    return value;
  }

  /** A list whose items are each read by `read`, at their own path (`path[i]`). */
  listOf<T>(value: unknown, path: string, read: (item: unknown, itemPath: string) => T): T[] {
    return this.list(value, path).map((item, i) => read(item, `${path}[${i}]`));
  }

  /** A required string, `${VAR}` expanded. */
  str(value: unknown, path: string): string {
    if (typeof value !== 'string') {
      const hint = value === undefined || value === null ? 'is required' : 'must be a string (quote it)';
      throw new ConfigFileError(`${this.at(path)} ${hint}`);
    }
    return expandEnv(value, this.env, this.at(path));
  }

  /** An optional string as `{ [key]: value }` to spread into a document, or `{}` when absent. */
  optionalStr<K extends string>(value: unknown, key: K, path: string): { [P in K]?: string } {
    return value === undefined || value === null
      ? {}
      : ({ [key]: this.str(value, path) } as { [P in K]?: string });
  }

  /** A list of strings (names, aliases, labels), each `${VAR}` expanded. */
  strings(value: unknown, path: string): string[] {
    return this.listOf(value, path, (item, itemPath) => this.str(item, itemPath));
  }

  /** A free-form value with `${VAR}` expanded in every string inside it. */
  json<T>(value: T, path: string): T {
    if (typeof value === 'string') return this.str(value, path) as T;
    if (Array.isArray(value)) return value.map((v, i) => this.json(v, `${path}[${i}]`)) as T;
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.json(v, `${path}.${k}`)]),
      ) as T;
    return value;
  }

  /**
   * A mapping passed through for the server to check, `${VAR}` expanded inside it; its
   * keys are limited to `allowed` unless that is null.
   */
  record(value: unknown, path: string, allowed: readonly string[] | null = null): Record<string, unknown> {
    return this.json(this.mapping(value, path, allowed), path);
  }
}
