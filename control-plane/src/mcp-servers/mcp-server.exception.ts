import { SwitchyardException } from '../errors/switchyard.exception';

export enum McpServerExceptionCode {
  NOT_FOUND = 'MCP_SERVER_NOT_FOUND',
  SLUG_TAKEN = 'MCP_SERVER_SLUG_TAKEN',
  INVALID_CREDENTIALS = 'MCP_SERVER_INVALID_CREDENTIALS',
  UNKNOWN_KEY = 'MCP_ACCESS_UNKNOWN_KEY',
  ACCESS_NOT_FOUND = 'MCP_ACCESS_NOT_FOUND',
}

export class McpServerException extends SwitchyardException<McpServerExceptionCode> {}

export function mcpServerNotFound(id: string): McpServerException {
  return new McpServerException(`MCP server ${id} not found`, McpServerExceptionCode.NOT_FOUND);
}

export function mcpSlugTaken(slug: string): McpServerException {
  return new McpServerException(
    `An MCP server with slug "${slug}" already exists in this workspace`,
    McpServerExceptionCode.SLUG_TAKEN,
  );
}
