import type { Logger } from 'pino';
import { validateSnapshot } from '@switchyard/proto';
import type { RuntimeConfig } from './compiled';
import { compileSnapshot, SnapshotRejected, type CompileDeps } from './compile';
import type { SnapshotFile } from './snapshot-file';

export type ApplyOutcome = 'applied' | 'unchanged' | 'rejected';

/** Told of every applied or rejected snapshot (metrics); called synchronously, must not throw. */
export interface SnapshotObserver {
  snapshotApplied(config: RuntimeConfig): void;
  snapshotRejected(): void;
}

export interface SnapshotStoreOptions {
  snapshotKey: Buffer;
  file: SnapshotFile;
  deps: CompileDeps;
  logger: Logger;
  observer?: SnapshotObserver;
}

/**
 * Holds the running config and decides what replaces it. A snapshot offered here is
 * parsed, validated, checked against the running version, fully compiled (credentials
 * decrypted) and only then swapped in with one assignment; any failure leaves the running
 * config untouched. Offers arriving while one is being handled collapse to the newest
 * ("latest wins"). Applied snapshots are written to disk afterwards.
 */
export class SnapshotStore {
  /** What the hot path reads; replaced whole, never mutated. */
  current: RuntimeConfig | null = null;
  /** Why the last snapshot offered was rejected; empty after a successful apply. */
  lastError = '';
  private pending: string | null = null;
  private draining: Promise<void> | null = null;

  constructor(private readonly options: SnapshotStoreOptions) {}

  /** Offers a snapshot (the raw JSON text); handled asynchronously, newest offer wins. */
  offer(text: string): void {
    this.pending = text;
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Resolves when every offer so far has been handled (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Applies the disk copy, if any, before the node starts serving. */
  async loadFromDisk(): Promise<ApplyOutcome | 'absent'> {
    let text: string | null;
    try {
      text = await this.options.file.read();
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'cannot read the local snapshot copy');
      return 'absent';
    }
    if (text === null) return 'absent';
    return this.apply(text, 'disk');
  }

  private async drain(): Promise<void> {
    while (this.pending !== null) {
      const text = this.pending;
      this.pending = null;
      if (this.apply(text, 'nats') !== 'applied') continue;
      try {
        await this.options.file.write(text);
      } catch (err) {
        this.options.logger.error({ err: (err as Error).message }, 'cannot write the local snapshot copy');
      }
    }
  }

  /** Validates, compiles and swaps in one snapshot, synchronously. */
  apply(text: string, source: 'disk' | 'nats'): ApplyOutcome {
    const { logger } = this.options;
    try {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new SnapshotRejected('snapshot is not valid JSON');
      }
      const validation = validateSnapshot(value);
      if (!validation.ok)
        throw new SnapshotRejected(`invalid snapshot: ${validation.errors.slice(0, 5).join('; ')}`);
      const snapshot = validation.snapshot;
      const running = this.current;
      if (running && snapshot.hash === running.hash) return 'unchanged';
      if (running && snapshot.version <= running.version) {
        throw new SnapshotRejected(
          `snapshot version ${snapshot.version} is not newer than the running version ${running.version}`,
        );
      }
      const compiled = compileSnapshot(snapshot, this.options.snapshotKey, this.options.deps);
      this.current = compiled;
      this.lastError = '';
      this.options.observer?.snapshotApplied(compiled);
      this.options.deps.pools.retainOnly(compiled.origins);
      logger.info(
        { version: compiled.version, hash: compiled.hash, source, keys: compiled.keysByHash.size },
        'snapshot applied',
      );
      return 'applied';
    } catch (err) {
      this.reject(
        err instanceof SnapshotRejected ? err.message : `snapshot cannot be compiled: ${String(err)}`,
        source,
      );
      return 'rejected';
    }
  }

  /**
   * Records a snapshot that was refused, here or before it could be read at all (parts missing,
   * bad compression): the running config stays, the reason goes to the heartbeat and metrics.
   */
  reject(reason: string, source: 'disk' | 'nats'): void {
    this.lastError = reason.slice(0, 1000);
    this.options.observer?.snapshotRejected();
    if (this.current) this.options.deps.pools.retainOnly(this.current.origins);
    this.options.logger.warn(
      { source, reason: this.lastError, runningVersion: this.current?.version ?? 0 },
      'snapshot rejected',
    );
  }
}
