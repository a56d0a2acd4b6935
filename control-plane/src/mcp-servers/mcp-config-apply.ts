import { canonicalJson } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { invalidConfig } from '../config-apply/config-apply.exception';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { McpServerConfigInput } from './dtos/mcp-server-config.input';
import { McpAccessEntity } from './mcp-access.entity';
import { mcpCredentials, normalizePatterns } from './mcp-credentials';
import { McpServerEntity } from './mcp-server.entity';
import type { McpServersService } from './mcp-servers.service';
import type { ApplyNote as Note } from '../config-apply/apply-note';

/**
 * Upserts a workspace's declared MCP servers and the access they list (matched by slug,
 * and by key name), after its keys were applied. Access of keys the config does not name
 * is left alone, like everything else apply does not name.
 */
export async function applyMcpServers(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: McpServerConfigInput[],
  servers: McpServersService,
  note: Note,
): Promise<void> {
  for (const spec of specs) {
    const server = await applyServer(manager, ws, spec, servers, note);
    for (const [i, a] of (spec.access ?? []).entries()) {
      const key = await manager.findOne(VirtualKeyEntity, {
        where: { workspaceId: ws.id, name: a.key },
        select: { id: true },
      });
      if (!key) {
        throw invalidConfig(
          `workspaces[${ws.slug}].mcpServers[${spec.slug}].access[${i}].key: no key named "${a.key}" in workspace ${ws.slug}`,
        );
      }
      const allowTools = a.allowTools ? normalizePatterns(a.allowTools) : null;
      const denyTools = normalizePatterns(a.denyTools ?? []);
      const existing = await manager.findOne(McpAccessEntity, {
        where: { keyId: key.id, serverId: server.id },
      });
      const name = `${spec.slug}/${a.key}`;
      if (
        existing &&
        canonicalJson(existing.allowTools) === canonicalJson(allowTools) &&
        canonicalJson(existing.denyTools) === canonicalJson(denyTools)
      ) {
        note('mcp-access', ws.slug, name, 'unchanged');
        continue;
      }
      await servers.upsertAccess(manager, {
        workspaceId: ws.id,
        keyId: key.id,
        serverId: server.id,
        allowTools,
        denyTools,
      });
      note('mcp-access', ws.slug, name, existing ? 'updated' : 'created');
    }
  }
}

async function applyServer(
  manager: EntityManager,
  ws: WorkspaceEntity,
  spec: McpServerConfigInput,
  servers: McpServersService,
  note: Note,
): Promise<McpServerEntity> {
  const auth = { bearerToken: spec.bearerToken, headers: spec.headers, oauth: spec.oauth };
  const declared = mcpCredentials(auth);
  const transport = spec.transport ?? 'streamable-http';
  const existing = await manager.findOne(McpServerEntity, { where: { workspaceId: ws.id, slug: spec.slug } });
  if (!existing) {
    const server = manager.create(McpServerEntity, {
      id: randomUUID(),
      workspaceId: ws.id,
      slug: spec.slug,
      name: spec.name,
      url: spec.url,
      transport,
    });
    servers.setAuth(server, auth);
    note('mcp-server', ws.slug, spec.slug, 'created');
    return servers.save(manager, server);
  }
  // Compare plaintexts, so a master-key rotation is not a change.
  const sameAuth = canonicalJson(servers.storedCredentials(existing)) === canonicalJson(declared.credentials);
  if (
    existing.name === spec.name &&
    existing.url === spec.url &&
    existing.transport === transport &&
    sameAuth
  ) {
    note('mcp-server', ws.slug, spec.slug, 'unchanged');
    return existing;
  }
  existing.name = spec.name;
  existing.url = spec.url;
  existing.transport = transport;
  if (!sameAuth) servers.setAuth(existing, auth);
  note('mcp-server', ws.slug, spec.slug, 'updated');
  return servers.save(manager, existing);
}
