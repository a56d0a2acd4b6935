import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import type { McpServer } from '../mcpServers/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, mutateIgnoringResult, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ id workspaceId slug name url transport authType headerNames oauthTokenUrl createdAt
  updatedAt }`;

/**
 * The form: the server, and write-only credentials for its `authType` (a bearer token, header values,
 * or OAuth client credentials). Header names and the OAuth token URL are read back; secrets never.
 */
export type McpServerForm = Partial<McpServer> & {
  bearerToken?: string;
  headers?: { name?: string; value?: string }[];
  oauth?: { tokenUrl?: string; clientId?: string; clientSecret?: string; scope?: string };
};

function formRecord(server: McpServer): McpServer & McpServerForm {
  return {
    ...server,
    headers: server.headerNames.map((name) => ({ name, value: '' })),
    oauth: { tokenUrl: server.oauthTokenUrl ?? '' },
  };
}

async function list(): Promise<McpServer[]> {
  const query = `query { mcpServers${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ mcpServers: McpServer[] }>(query)).mcpServers.map(formRecord);
}

/**
 * The `auth` input: undefined keeps what is stored (an edit where no secret was typed), null removes
 * it (auth type "none"), an object replaces it.
 */
function authOf(data: McpServerForm, previous?: McpServer): Record<string, unknown> | null | undefined {
  const changedType = previous !== undefined && previous.authType !== data.authType;
  switch (data.authType) {
    case 'bearer':
      return data.bearerToken ? { bearerToken: data.bearerToken } : undefined;
    case 'headers': {
      const headers = (data.headers ?? []).filter((header) => header.name?.trim());
      if (!headers.some((header) => header.value)) return undefined;
      return { headers: headers.map((header) => ({ name: header.name!.trim(), value: header.value ?? '' })) };
    }
    case 'oauth': {
      const oauth = data.oauth ?? {};
      if (!oauth.clientSecret) return undefined;
      return {
        oauth: {
          tokenUrl: oauth.tokenUrl?.trim(),
          clientId: oauth.clientId?.trim(),
          clientSecret: oauth.clientSecret,
          scope: oauth.scope?.trim() || undefined,
        },
      };
    }
    default:
      return changedType || previous === undefined ? null : undefined;
  }
}

export const mcpServers: ResourceHandler<McpServer> = {
  list,
  getOne: (id) => findIn(list, 'MCP server', id),
  create: async (data: McpServerForm) =>
    formRecord(
      await mutate<McpServer>(
        'createMcpServer',
        {
          workspaceId: requireWorkspaceId(),
          name: data.name,
          slug: data.slug,
          url: data.url?.trim(),
          transport: data.transport || undefined,
          auth: authOf(data) ?? undefined,
        },
        FIELDS,
      ),
    ),
  update: async (id, data: McpServerForm, previous) =>
    formRecord(
      await mutate<McpServer>(
        'updateMcpServer',
        {
          workspaceId: requireWorkspaceId(),
          id: String(id),
          name: data.name,
          url: data.url?.trim(),
          transport: data.transport || undefined,
          auth: authOf(data, previous),
        },
        FIELDS,
      ),
    ),
  delete: (id) =>
    mutateIgnoringResult('deleteMcpServer', { workspaceId: requireWorkspaceId(), id: String(id) }),
};
