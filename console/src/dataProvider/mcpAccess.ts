import { HttpError } from 'react-admin';
import { graphqlRequest } from '../graphql/client';
import { argumentList } from '../graphql/literal';
import { listOf } from '../common/textValues';
import type { McpAccess } from '../mcpAccess/types';
import { requireWorkspaceId } from '../workspace/workspaceStore';
import { findIn, mutate, type ResourceHandler } from './resourceHandler';

const FIELDS = '{ workspaceId keyId serverId allowTools denyTools }';

/** Access is keyed by (key, server); react-admin gets one id for the pair. */
const idOf = (access: Omit<McpAccess, 'id'>): McpAccess => ({
  ...access,
  id: `${access.keyId}~${access.serverId}`,
});

function pairOf(id: string): { keyId: string; serverId: string } {
  const [keyId, serverId] = id.split('~');
  if (!keyId || !serverId) throw new HttpError(`Bad MCP access id ${id}`, 400);
  return { keyId, serverId };
}

async function list(): Promise<McpAccess[]> {
  const query = `query { mcpAccess${argumentList({ workspaceId: requireWorkspaceId() })} ${FIELDS} }`;
  return (await graphqlRequest<{ mcpAccess: Omit<McpAccess, 'id'>[] }>(query)).mcpAccess.map(idOf);
}

/** Empty allow list: every tool (null); globs are separated by commas, spaces or lines. */
async function set(keyId: string, serverId: string, data: Partial<McpAccess>): Promise<McpAccess> {
  const allow = listOf(data.allowTools);
  const access = await mutate<Omit<McpAccess, 'id'>>(
    'setMcpAccess',
    {
      workspaceId: requireWorkspaceId(),
      keyId,
      serverId,
      allowTools: allow.length ? allow : null,
      denyTools: listOf(data.denyTools),
    },
    FIELDS,
  );
  return idOf(access);
}

/** Which tools of which MCP server a virtual key may call. */
export const mcpAccess: ResourceHandler<McpAccess> = {
  list,
  getOne: (id) => findIn(list, 'MCP access', id),
  create: (data) => set(String(data.keyId), String(data.serverId), data),
  update: (id, data) => {
    const { keyId, serverId } = pairOf(String(id));
    return set(keyId, serverId, data);
  },
  async delete(id) {
    await mutate(
      'removeMcpAccess',
      { workspaceId: requireWorkspaceId(), ...pairOf(String(id)) },
      '{ keyId }',
    );
  },
};
