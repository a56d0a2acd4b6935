import { openSecret, type McpServerCredentials, type McpTransport, type Snapshot } from '@switchyard/proto';
import { ToolAccess } from './tool-access';

/** An upstream MCP server ready to dial: decrypted credentials stay on the node, never reach clients. */
export interface CompiledMcpServer {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  url: URL;
  transport: McpTransport;
  credentials: McpServerCredentials;
  /** Changes whenever anything used to dial the server changes; upstream sessions of an older revision are replaced. */
  revision: string;
}

/** A key's access to one server. */
export interface McpGrant {
  server: CompiledMcpServer;
  tools: ToolAccess;
}

/** The MCP part of a running config: per key, the servers it may use by slug. */
export interface McpRuntime {
  grantsByKey: ReadonlyMap<string, ReadonlyMap<string, McpGrant>>;
}

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Thrown for a server whose credentials cannot be used; the snapshot is rejected whole. */
export class McpConfigError extends Error {}

function openCredentials(key: Buffer, id: string, sealed: string | null): McpServerCredentials {
  if (sealed === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(openSecret(key, id, sealed));
  } catch {
    throw new McpConfigError(
      `credentials of MCP server ${id} cannot be decrypted with this node's snapshot key`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new McpConfigError(`credentials of MCP server ${id} are not an object`);
  const creds = value as McpServerCredentials;
  if (
    creds.bearerToken !== undefined &&
    (typeof creds.bearerToken !== 'string' || !HEADER_VALUE.test(creds.bearerToken))
  )
    throw new McpConfigError(`credentials of MCP server ${id}: bearerToken must be a header-safe string`);
  for (const [name, v] of Object.entries(creds.headers ?? {})) {
    if (!HEADER_NAME.test(name) || typeof v !== 'string' || !HEADER_VALUE.test(v))
      throw new McpConfigError(`credentials of MCP server ${id}: header ${name} is not usable`);
  }
  if (creds.oauth) {
    const { tokenUrl, clientId, clientSecret } = creds.oauth;
    if (
      typeof clientId !== 'string' ||
      typeof clientSecret !== 'string' ||
      !/^https?:\/\//.test(String(tokenUrl))
    )
      throw new McpConfigError(
        `credentials of MCP server ${id}: oauth needs tokenUrl, clientId and clientSecret`,
      );
  }
  return creds;
}

/** Compiles servers and grants; decrypts every credential now, so a bad one rejects the snapshot before the swap. */
export function compileMcp(snapshot: Snapshot, snapshotKey: Buffer): McpRuntime {
  const servers = new Map<string, CompiledMcpServer>();
  for (const s of snapshot.content.mcpServers ?? []) {
    servers.set(s.id, {
      id: s.id,
      workspaceId: s.workspaceId,
      slug: s.slug,
      name: s.name,
      url: new URL(s.url),
      transport: s.transport,
      credentials: openCredentials(snapshotKey, s.id, s.credentials),
      revision: `${s.transport} ${s.url} ${s.credentials ?? ''}`,
    });
  }
  const grantsByKey = new Map<string, Map<string, McpGrant>>();
  for (const a of snapshot.content.mcpAccess ?? []) {
    const server = servers.get(a.serverId)!;
    let grants = grantsByKey.get(a.keyId);
    if (!grants) grantsByKey.set(a.keyId, (grants = new Map()));
    grants.set(server.slug, { server, tools: new ToolAccess(a.allowTools, a.denyTools) });
  }
  return { grantsByKey };
}
