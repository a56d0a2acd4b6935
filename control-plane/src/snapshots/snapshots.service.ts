import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { snapshotHash, validateSnapshot, type OutboundPolicy, type Snapshot } from '@switchyard/proto';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { InputException, InputExceptionCode } from '../errors/input.exception';
import { PINO_LOGGER } from '../logging/logging.module';
import { refusedOutboundUrls } from './outbound-urls';
import { SnapshotCompiler } from './snapshot-compiler.service';
import { SnapshotEntity } from './snapshot.entity';
import { SnapshotException, SnapshotExceptionCode } from './snapshot.exception';

/** Serialises snapshot compilation across transactions and control-plane replicas. */
const SNAPSHOT_LOCK_KEY = 0x53590001;

/** Records compiled snapshots in Postgres; `SnapshotPublisher` carries them to NATS. */
@Injectable()
export class SnapshotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compiler: SnapshotCompiler,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Inside the caller's transaction: takes the snapshot lock (held until commit, so versions
   * follow commit order), compiles the state, validates it and stores a new version unless
   * the hash equals the latest one. Throws `SnapshotException` (rolling the change back)
   * when the result would be invalid: an invalid snapshot is never stored nor published.
   */
  async recordInTransaction(manager: EntityManager, outbound?: OutboundPolicy): Promise<SnapshotEntity> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SNAPSHOT_LOCK_KEY]);
    const content = await this.compiler.compile(manager);
    const hash = snapshotHash(content);
    const latest = await this.latest(manager);
    if (latest && latest.hash === hash) return latest;
    const refused = outbound ? refusedOutboundUrls(outbound, content, latest?.content ?? null) : [];
    if (refused.length > 0) {
      throw new InputException(
        `Destination not allowed: ${refused.join('; ')}`,
        InputExceptionCode.URL_NOT_ALLOWED,
      );
    }

    const candidate: Snapshot = {
      schemaVersion: 1,
      version: latest ? Number(latest.version) + 1 : 1,
      hash,
      createdAt: new Date().toISOString(),
      content,
    };
    const validation = validateSnapshot(candidate);
    if (!validation.ok) {
      this.logger.error({ errors: validation.errors }, 'refusing to store an invalid snapshot');
      throw new SnapshotException(
        `The change would produce an inconsistent configuration: ${validation.errors.join('; ')}`,
        SnapshotExceptionCode.INVALID,
      );
    }
    const row = await manager.save(manager.create(SnapshotEntity, { hash, content }));
    this.logger.info({ version: Number(row.version), hash }, 'snapshot recorded');
    return row;
  }

  /** Compiles and records outside any other change (at start, so the KV reflects the database). */
  async recordCurrent(): Promise<SnapshotEntity> {
    return this.dataSource.transaction((manager) => this.recordInTransaction(manager));
  }

  /**
   * Records the current content again with a version above `version` (which the KV holds
   * but this database never recorded), so the next publish moves the KV forward.
   */
  async recordAbove(version: number): Promise<SnapshotEntity> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SNAPSHOT_LOCK_KEY]);
      await manager.query(
        `SELECT setval(pg_get_serial_sequence('snapshots', 'version'),
                       GREATEST($1::bigint, (SELECT coalesce(max(version), 0) FROM snapshots)))`,
        [version],
      );
      const content = await this.compiler.compile(manager);
      const row = await manager.save(
        manager.create(SnapshotEntity, { hash: snapshotHash(content), content }),
      );
      this.logger.info({ version: Number(row.version) }, 'snapshot re-recorded above the KV version');
      return row;
    });
  }

  async latest(manager: EntityManager = this.dataSource.manager): Promise<SnapshotEntity | null> {
    return manager.findOne(SnapshotEntity, { where: {}, order: { version: 'DESC' } });
  }

  async hashOf(version: number): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(SnapshotEntity, {
      where: { version: String(version) },
    });
    return row?.hash ?? null;
  }

  async latestVersion(): Promise<number> {
    const rows: Array<{ version: string | null }> = await this.dataSource.query(
      'SELECT max(version) AS version FROM snapshots',
    );
    return Number(rows[0]?.version ?? 0);
  }
}

/** The published form of a stored snapshot. */
export function toSnapshot(row: SnapshotEntity): Snapshot {
  return {
    schemaVersion: 1,
    version: Number(row.version),
    hash: row.hash,
    createdAt: row.createdAt.toISOString(),
    content: row.content,
  };
}
