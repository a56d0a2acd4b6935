import type { McpServerCredentials } from '@switchyard/proto';
import { McpServerException, McpServerExceptionCode } from './mcp-server.exception';

/** The declared shape of upstream credentials (GraphQL input and YAML alike). */
export interface McpAuthSpec {
  bearerToken?: string;
  headers?: Array<{ name: string; value: string }>;
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
}

export type McpAuthType = 'none' | 'bearer' | 'headers' | 'oauth';

// Set by the gateway itself on every upstream request.
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'connection',
  'transfer-encoding',
  'accept',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
]);

/**
 * Turns declared auth into what is sealed, refusing contradictions: a bearer token and
 * OAuth together, an Authorization header next to either, repeated or reserved headers.
 * Returns null credentials for no auth at all.
 */
export function mcpCredentials(spec: McpAuthSpec | null | undefined): {
  authType: McpAuthType;
  credentials: McpServerCredentials | null;
} {
  if (!spec) return { authType: 'none', credentials: null };
  const problems: string[] = [];
  if (spec.bearerToken && spec.oauth) problems.push('give either bearerToken or oauth, not both');
  const headers: Record<string, string> = {};
  for (const { name, value } of spec.headers ?? []) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) problems.push(`header ${name} is set by the gateway`);
    else if (lower === 'authorization' && (spec.bearerToken || spec.oauth))
      problems.push('an Authorization header cannot be combined with bearerToken or oauth');
    else if (lower in headers) problems.push(`header ${name} is given twice`);
    headers[lower] = value;
  }
  if (problems.length) {
    throw new McpServerException(
      `Invalid MCP server credentials: ${problems.join('; ')}`,
      McpServerExceptionCode.INVALID_CREDENTIALS,
    );
  }
  const credentials: McpServerCredentials = {};
  if (spec.bearerToken) credentials.bearerToken = spec.bearerToken;
  if (Object.keys(headers).length) credentials.headers = headers;
  if (spec.oauth) {
    const { tokenUrl, clientId, clientSecret, scope } = spec.oauth;
    credentials.oauth = { tokenUrl, clientId, clientSecret, ...(scope ? { scope } : {}) };
  }
  const authType: McpAuthType = credentials.oauth
    ? 'oauth'
    : credentials.bearerToken
      ? 'bearer'
      : credentials.headers
        ? 'headers'
        : 'none';
  return { authType, credentials: authType === 'none' ? null : credentials };
}

/** Tool globs stored and shipped sorted and without repeats (so equal config hashes equally). */
export function normalizePatterns(patterns: string[]): string[] {
  return [...new Set(patterns)].sort();
}
