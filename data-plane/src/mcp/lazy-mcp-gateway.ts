import type { RequestContext } from '../http/request-context';
import type { McpGateway, McpGatewayOptions } from './mcp-gateway';

/** What the node needs of the MCP gateway: its route handler and its shutdown. */
export type McpEndpoint = Pick<McpGateway, 'handle' | 'close'>;

/**
 * The MCP gateway, loaded on the first MCP request. The MCP SDK (and the zod it brings)
 * costs a node about 25 MB of memory; a node that never serves MCP never pays it.
 */
export function lazyMcpGateway(options: McpGatewayOptions): McpEndpoint {
  let loading: Promise<McpGateway> | null = null;
  const load = () => (loading ??= import('./mcp-gateway').then((m) => new m.McpGateway(options)));
  return {
    handle: async (ctx: RequestContext) => (await load()).handle(ctx),
    close: async () => {
      if (loading) await (await loading).close();
    },
  };
}
