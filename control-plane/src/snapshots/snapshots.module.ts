import { Global, Module } from '@nestjs/common';
import { ConfigChangeRunner } from './config-change.service';
import { NatsConnectionService } from './nats-connection.service';
import { SnapshotCompiler } from './snapshot-compiler.service';
import { SnapshotPublisher } from './snapshot-publisher.service';
import { SnapshotsResolver } from './snapshots.resolver';
import { SnapshotsService } from './snapshots.service';

/** Global so every feature that changes enforced state can run its writes through `ConfigChangeRunner`. */
@Global()
@Module({
  providers: [
    NatsConnectionService,
    SnapshotCompiler,
    SnapshotsService,
    SnapshotPublisher,
    ConfigChangeRunner,
    SnapshotsResolver,
  ],
  exports: [ConfigChangeRunner, SnapshotsService, SnapshotPublisher, NatsConnectionService],
})
export class SnapshotsModule {}
