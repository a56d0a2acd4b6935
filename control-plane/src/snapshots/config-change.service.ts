import { Inject, Injectable } from '@nestjs/common';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SnapshotPublisher } from './snapshot-publisher.service';
import { SnapshotEntity } from './snapshot.entity';
import { SnapshotsService } from './snapshots.service';

/**
 * How every change to enforced state is made: the writes and the resulting snapshot in one
 * transaction, then the publish awaited, so that when a mutation returns the KV holds the
 * new snapshot (or, with NATS down, the background retry will put it there).
 */
@Injectable()
export class ConfigChangeRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly snapshots: SnapshotsService,
    private readonly publisher: SnapshotPublisher,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return (await this.runWithSnapshot(work)).result;
  }

  async runWithSnapshot<T>(
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<{ result: T; snapshot: SnapshotEntity }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const result = await work(manager);
      const snapshot = await this.snapshots.recordInTransaction(manager, this.config.outbound);
      return { result, snapshot };
    });
    await this.publisher.publishLatest();
    return outcome;
  }
}
