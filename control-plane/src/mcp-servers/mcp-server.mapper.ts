import type { McpAccessDto, McpServerDto } from './dtos/mcp-server.dto';
import type { McpAccessEntity } from './mcp-access.entity';
import type { McpServerEntity } from './mcp-server.entity';
import type { McpServerCredentials } from '@switchyard/proto';

/** Entity to API shape; secrets stop here (only header names and the token URL show). */
export function toMcpServerDto(s: McpServerEntity, credentials: McpServerCredentials | null): McpServerDto {
  return {
    id: s.id,
    workspaceId: s.workspaceId,
    slug: s.slug,
    name: s.name,
    url: s.url,
    transport: s.transport,
    authType: s.authType,
    headerNames: Object.keys(credentials?.headers ?? {}).sort(),
    oauthTokenUrl: credentials?.oauth?.tokenUrl ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function toMcpAccessDto(a: McpAccessEntity): McpAccessDto {
  return {
    workspaceId: a.workspaceId,
    keyId: a.keyId,
    serverId: a.serverId,
    allowTools: a.allowTools,
    denyTools: a.denyTools,
  };
}
