import { Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { DataPlaneNodeDto } from './dtos/data-plane-node.dto';
import { NodesService } from './nodes.service';

@Resolver(() => DataPlaneNodeDto)
export class NodesResolver {
  constructor(private readonly nodes: NodesService) {}

  @Roles(Role.InstallationAdmin)
  @Query(() => [DataPlaneNodeDto], { description: 'Every node that ever sent a heartbeat, by node id.' })
  async dataPlaneNodes(): Promise<DataPlaneNodeDto[]> {
    return (await this.nodes.list()).map((n) => ({
      nodeId: n.nodeId,
      hostname: n.hostname,
      snapshotVersion: Number(n.snapshotVersion),
      snapshotHash: n.snapshotHash,
      uptimeSeconds: Number(n.uptimeSeconds),
      softwareVersion: n.softwareVersion,
      usageQueueDepth: n.usageQueueDepth,
      usageSpilled: n.usageSpilled,
      lastSnapshotError: n.lastSnapshotError,
      gatewayUrl: n.gatewayUrl,
      lastSeenAt: n.lastSeenAt,
    }));
  }
}
