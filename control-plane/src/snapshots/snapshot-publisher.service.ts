import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  SNAPSHOT_KV_KEY,
  SNAPSHOT_PART_PREFIX,
  encodeSnapshot,
  snapshotPartVersion,
  snapshotVersionOf,
  validateSnapshot,
} from '@switchyard/proto';
import type { KV, NatsConnection } from 'nats';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { ControlPlaneMetrics } from '../metrics/control-plane-metrics.service';
import { NatsConnectionService } from './nats-connection.service';
import { SnapshotsService, toSnapshot } from './snapshots.service';

/** How long a mutation waits for NATS before leaving the publish to the background retry. */
const PUBLISH_TIMEOUT_MS = 2000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
const BUCKET_HISTORY = 5;
const MAX_UPDATE_RACES = 5;
/** NATS's default max_payload, for a server that does not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export type PublishOutcome = 'published' | 'already-current' | 'nothing-to-publish' | 'deferred';

/**
 * Puts the latest stored snapshot into the JetStream KV bucket. Always publishes the
 * latest row (latest wins), and only with a revision-checked write over a value of a
 * lower version, so the KV never goes backwards even with several control planes.
 * When NATS is down the publish is deferred: retried with backoff and on reconnection.
 */
@Injectable()
export class SnapshotPublisher implements OnApplicationShutdown {
  private kv: KV | null = null;
  private kvConnection: NatsConnection | null = null;
  /** Publishes run one at a time; a caller waits for the one that started after it asked. */
  private queue: Promise<unknown> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay = RETRY_MIN_MS;
  private closed = false;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly snapshots: SnapshotsService,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly metrics: ControlPlaneMetrics,
  ) {
    nats.onConnected(() => void this.publishLatest());
  }

  /** Publishes the latest stored snapshot if the KV does not hold it yet. Never throws. */
  publishLatest(): Promise<PublishOutcome> {
    const run = this.queue.then(() => this.attempt());
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.queue;
  }

  private async attempt(): Promise<PublishOutcome> {
    if (this.closed) return 'deferred';
    const startedAt = performance.now();
    try {
      const connection = await this.nats.whenOnline(PUBLISH_TIMEOUT_MS);
      if (!connection) throw new Error('NATS is not connected');
      const kv = await this.bucket(connection);
      const maxPayload = connection.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
      let outcome = await this.putLatest(kv, maxPayload);
      if (typeof outcome === 'object') {
        // The KV holds a version this database never recorded with that content (the database
        // was reset, or the bucket is shared by mistake). Versions must not go backwards, so
        // record the current content again above it.
        this.logger.warn(
          { kvVersion: outcome.kvVersion },
          'the KV holds a snapshot this database did not make; superseding it',
        );
        await this.snapshots.recordAbove(outcome.kvVersion);
        const again = await this.putLatest(kv, maxPayload);
        outcome = typeof again === 'object' ? 'already-current' : again;
      }
      this.retryDelay = RETRY_MIN_MS;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      if (outcome === 'published') this.metrics.snapshotPublished((performance.now() - startedAt) / 1000);
      return outcome;
    } catch (error) {
      this.kv = null; // the bucket may have vanished (NATS restarted without storage): recreate next time
      this.scheduleRetry(error);
      return 'deferred';
    }
  }

  /**
   * Puts the latest stored snapshot unless the KV is already at or past it: compressed, and in
   * parts written before the snapshot key when it does not fit in one message.
   */
  private async putLatest(kv: KV, maxPayload: number): Promise<PublishOutcome | { kvVersion: number }> {
    const row = await this.snapshots.latest();
    if (!row) return 'nothing-to-publish';
    const snapshot = toSnapshot(row);
    const validation = validateSnapshot(snapshot);
    if (!validation.ok) {
      // Stored snapshots were validated when recorded; this only guards against a tampered row.
      this.logger.error(
        { version: snapshot.version, errors: validation.errors },
        'stored snapshot is invalid',
      );
      return 'nothing-to-publish';
    }
    const encoded = await encodeSnapshot(JSON.stringify(snapshot), snapshot, maxPayload);
    let partsWritten = false;
    for (let race = 0; race < MAX_UPDATE_RACES; race++) {
      const entry = await kv.get(SNAPSHOT_KV_KEY);
      const current =
        entry && entry.operation === 'PUT' ? await snapshotVersionOf(entry.value) : { version: 0, hash: '' };
      if (current.version >= snapshot.version) {
        if (current.hash === snapshot.hash) return 'already-current';
        // A version this database recorded (by another replica, after we read) is fine; a
        // version it has with other content, or not at all, came from elsewhere.
        const recorded = await this.snapshots.hashOf(current.version);
        return recorded === current.hash ? 'already-current' : { kvVersion: current.version };
      }
      if (!partsWritten) {
        for (const part of encoded.parts) await kv.put(part.key, part.value);
        partsWritten = true;
      }
      try {
        if (entry) await kv.update(SNAPSHOT_KV_KEY, encoded.value, entry.revision);
        else await kv.create(SNAPSHOT_KV_KEY, encoded.value);
        this.logger.info(
          { version: snapshot.version, hash: snapshot.hash, parts: encoded.parts.length },
          'snapshot published',
        );
        await this.pruneParts(kv, current.version);
        return 'published';
      } catch (error) {
        // "wrong last sequence": someone wrote in between; read again and re-decide.
        if (!/wrong last sequence|key exists/i.test((error as Error).message)) throw error;
      }
    }
    throw new Error('gave up publishing after repeated concurrent updates of the snapshot key');
  }

  /**
   * Purges the parts of versions older than `keepFrom` (the version the snapshot key held until
   * now stays, for a node still fetching it). Best effort: leftovers go at the next publish.
   */
  private async pruneParts(kv: KV, keepFrom: number): Promise<void> {
    try {
      // The key lister is a consumer: drain it before sending other requests.
      const stale: string[] = [];
      for await (const key of await kv.keys(`${SNAPSHOT_PART_PREFIX}.>`)) {
        const version = snapshotPartVersion(key);
        if (version !== null && version < keepFrom) stale.push(key);
      }
      for (const key of stale) await kv.purge(key);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune old snapshot parts; will retry at the next publish');
    }
  }

  private async bucket(connection: NatsConnection): Promise<KV> {
    if (this.kv && this.kvConnection === connection) return this.kv;
    const js = connection.jetstream({ timeout: PUBLISH_TIMEOUT_MS });
    this.kv = await js.views.kv(this.config.snapshotBucket, {
      history: BUCKET_HISTORY,
      timeout: PUBLISH_TIMEOUT_MS,
    });
    this.kvConnection = connection;
    return this.kv;
  }

  private scheduleRetry(error: unknown): void {
    if (this.closed || this.retryTimer) return;
    this.logger.warn(
      { err: error, retryInMs: this.retryDelay },
      'could not publish the snapshot to NATS; will retry (the data plane keeps its last snapshot)',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.publishLatest();
    }, this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }
}
