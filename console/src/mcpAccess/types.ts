/** A key's access to one MCP server; the console's id is `keyId~serverId`. */
export interface McpAccess {
  id: string;
  workspaceId: string;
  keyId: string;
  serverId: string;
  /** Tool globs the key may call; null means every tool. */
  allowTools: string[] | null;
  denyTools: string[];
}
