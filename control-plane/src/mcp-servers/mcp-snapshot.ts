import type { McpTransport, SnapshotMcpAccess, SnapshotMcpServer } from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { McpAccessEntity } from './mcp-access.entity';
import type { McpCredentialsVault } from './mcp-credentials-vault';
import { McpServerEntity } from './mcp-server.entity';

/**
 * The MCP part of a snapshot: servers with credentials re-sealed for the data plane, and
 * access of keys that are not revoked. Both keys are left out when empty, so a config
 * without MCP hashes as it did before MCP existed.
 */
export async function compileMcp(
  manager: EntityManager,
  vault: McpCredentialsVault,
): Promise<{ mcpServers?: SnapshotMcpServer[]; mcpAccess?: SnapshotMcpAccess[] }> {
  const [servers, access] = await Promise.all([
    manager.find(McpServerEntity, { order: { id: 'ASC' } }),
    manager
      .createQueryBuilder(McpAccessEntity, 'access')
      .innerJoin(VirtualKeyEntity, 'key', 'key.id = access.key_id')
      .where('key.revoked_at IS NULL')
      .orderBy('access.key_id', 'ASC')
      .addOrderBy('access.server_id', 'ASC')
      .getMany(),
  ]);
  const out: { mcpServers?: SnapshotMcpServer[]; mcpAccess?: SnapshotMcpAccess[] } = {};
  if (servers.length) {
    out.mcpServers = servers.map((s) => ({
      id: s.id,
      workspaceId: s.workspaceId,
      slug: s.slug,
      name: s.name,
      url: s.url,
      transport: s.transport as McpTransport,
      credentials: s.credentialsSealed ? vault.resealForSnapshot(s.id, s.credentialsSealed) : null,
    }));
  }
  if (access.length) {
    out.mcpAccess = access.map((a) => ({
      keyId: a.keyId,
      serverId: a.serverId,
      allowTools: a.allowTools,
      denyTools: a.denyTools,
    }));
  }
  return out;
}
