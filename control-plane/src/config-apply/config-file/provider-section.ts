import { CREDENTIAL_FIELDS } from '../../provider-accounts/credential-fields';
import type { ProviderDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

/** One entry of a workspace's `providers:`; options pass through for the server to check. */
export function readProvider(r: ConfigReader, value: unknown, path: string): ProviderDocument {
  const m = r.mapping(value, path, ['name', 'kind', 'baseUrl', 'options', ...CREDENTIAL_FIELDS]);
  const provider: ProviderDocument = {
    name: r.str(m.name, `${path}.name`),
    kind: r.str(m.kind, `${path}.kind`),
    ...r.optionalStr(m.baseUrl, 'baseUrl', `${path}.baseUrl`),
  };
  if (m.options !== undefined && m.options !== null)
    provider.options = r.record(m.options, `${path}.options`);
  for (const key of CREDENTIAL_FIELDS) Object.assign(provider, r.optionalStr(m[key], key, `${path}.${key}`));
  return provider;
}
