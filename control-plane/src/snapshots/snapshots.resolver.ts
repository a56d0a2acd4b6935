import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../auth/principal';
import { SnapshotInfoDto } from './dtos/snapshot-info.dto';
import { SnapshotsService } from './snapshots.service';

@Resolver(() => SnapshotInfoDto)
export class SnapshotsResolver {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Roles(Role.InstallationAdmin)
  @Query(() => SnapshotInfoDto, { nullable: true, description: 'The newest compiled snapshot, if any.' })
  async latestSnapshot(): Promise<SnapshotInfoDto | null> {
    const row = await this.snapshots.latest();
    return row ? { version: Number(row.version), hash: row.hash, createdAt: row.createdAt } : null;
  }
}
