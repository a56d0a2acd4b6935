/** The API's enumeration of transports (as proto defines it; the API refuses anything else). */
export const MCP_TRANSPORTS = ['streamable-http', 'sse'] as const;

export interface McpServer {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  url: string;
  transport: string;
  /** none, bearer, headers or oauth; the credentials themselves are never returned. */
  authType: string;
  headerNames: string[];
  oauthTokenUrl: string | null;
  createdAt: string;
  updatedAt: string;
}
