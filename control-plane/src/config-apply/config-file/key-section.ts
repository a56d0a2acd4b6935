import type { KeyDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

/** One entry of a workspace's `keys:`. */
export function readKey(r: ConfigReader, value: unknown, path: string): KeyDocument {
  const m = r.mapping(value, path, ['name', 'secret', 'expiresAt', 'allowedRoutes', 'cache']);
  const key: KeyDocument = {
    name: r.str(m.name, `${path}.name`),
    ...r.optionalStr(m.secret, 'secret', `${path}.secret`),
    ...r.optionalStr(m.expiresAt, 'expiresAt', `${path}.expiresAt`),
  };
  if (m.allowedRoutes !== undefined && m.allowedRoutes !== null)
    key.allowedRoutes = r.strings(m.allowedRoutes, `${path}.allowedRoutes`);
  if (m.cache !== undefined && m.cache !== null) key.cache = r.record(m.cache, `${path}.cache`);
  return key;
}
