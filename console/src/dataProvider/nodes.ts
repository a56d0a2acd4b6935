import { graphqlRequest } from '../graphql/client';
import type { DataPlaneNode, SnapshotInfo } from '../nodes/types';
import { findIn, type ResourceHandler } from './resourceHandler';

const FIELDS = `{ nodeId hostname snapshotVersion snapshotHash uptimeSeconds softwareVersion usageQueueDepth
  usageSpilled lastSnapshotError gatewayUrl lastSeenAt }`;

async function list(): Promise<DataPlaneNode[]> {
  const { dataPlaneNodes } = await graphqlRequest<{ dataPlaneNodes: Omit<DataPlaneNode, 'id'>[] }>(
    `query { dataPlaneNodes ${FIELDS} }`,
  );
  return dataPlaneNodes.map((node) => ({ ...node, id: node.nodeId }));
}

/** Data-plane nodes are global (a node serves every workspace) and read-only: they report, we show. */
export const nodes: ResourceHandler<DataPlaneNode> = {
  list,
  getOne: (id) => findIn(list, 'Data-plane node', id),
};

/** The newest published snapshot, or null before the first one. */
export async function latestSnapshot(): Promise<SnapshotInfo | null> {
  const query = 'query { latestSnapshot { version hash createdAt } }';
  return (await graphqlRequest<{ latestSnapshot: SnapshotInfo | null }>(query)).latestSnapshot;
}
