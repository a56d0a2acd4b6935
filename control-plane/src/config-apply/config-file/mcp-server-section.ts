import type { McpServerDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

/** One entry of a workspace's `mcpServers:`, with its headers turned from a mapping into pairs. */
export function readMcpServer(r: ConfigReader, value: unknown, path: string): McpServerDocument {
  const m = r.mapping(value, path, [
    'slug',
    'name',
    'url',
    'transport',
    'bearerToken',
    'headers',
    'oauth',
    'access',
  ]);
  const server: McpServerDocument = {
    slug: r.str(m.slug, `${path}.slug`),
    name: r.str(m.name, `${path}.name`),
    url: r.str(m.url, `${path}.url`),
    ...r.optionalStr(m.transport, 'transport', `${path}.transport`),
    ...r.optionalStr(m.bearerToken, 'bearerToken', `${path}.bearerToken`),
  };
  if (m.headers !== undefined && m.headers !== null) {
    const headers = r.mapping(m.headers, `${path}.headers`, null);
    server.headers = Object.entries(headers).map(([name, v]) => ({
      name,
      value: r.str(v, `${path}.headers.${name}`),
    }));
  }
  if (m.oauth !== undefined && m.oauth !== null) {
    const op = `${path}.oauth`;
    const om = r.mapping(m.oauth, op, ['tokenUrl', 'clientId', 'clientSecret', 'scope']);
    server.oauth = {
      tokenUrl: r.str(om.tokenUrl, `${op}.tokenUrl`),
      clientId: r.str(om.clientId, `${op}.clientId`),
      clientSecret: r.str(om.clientSecret, `${op}.clientSecret`),
      ...r.optionalStr(om.scope, 'scope', `${op}.scope`),
    };
  }
  if (m.access !== undefined && m.access !== null) {
    server.access = r.listOf(m.access, `${path}.access`, (a, ap) => {
      const am = r.mapping(a, ap, ['key', 'allowTools', 'denyTools']);
      return {
        key: r.str(am.key, `${ap}.key`),
        ...(am.allowTools != null ? { allowTools: r.strings(am.allowTools, `${ap}.allowTools`) } : {}),
        ...(am.denyTools != null ? { denyTools: r.strings(am.denyTools, `${ap}.denyTools`) } : {}),
      };
    });
  }
  return server;
}
