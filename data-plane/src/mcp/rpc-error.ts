import { McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON-RPC error to send to the client. Not an `McpError`, whose message carries an
 * "MCP error <code>:" prefix that the client's SDK would then add a second time.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  /** An upstream's JSON-RPC error, passed on with its code, message and data. */
  static fromUpstream(err: McpError): RpcError {
    return new RpcError(err.code, err.message.replace(/^MCP error -?\d+: /, ''), err.data);
  }
}
