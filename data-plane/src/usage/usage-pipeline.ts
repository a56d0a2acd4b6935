import type { Logger } from 'pino';
import { encodeUsageBatch, encodeUsageRecord, type UsageRecord } from '@switchyard/proto';
import type { SpillStore } from './spill-store';
import type { UsageSink } from './usage-sink';

/** Most records per gRPC batch and per spilled segment. */
export const MAX_BATCH = 500;
const SEND_TIMEOUT_MS = 5000;
const SPILL_RETRY_MS = 1000;

export interface UsageSender {
  /** Sends one `UsageBatch`, already encoded (`encodeUsageBatch`). */
  reportUsage(batch: Buffer, timeoutMs: number): Promise<unknown>;
}

export interface UsagePipelineOptions {
  nodeId: string;
  /** Records kept in memory before the oldest go to disk. */
  memoryLimit: number;
  flushMs: number;
  spill: SpillStore;
  sender: UsageSender;
  logger: Logger;
}

/**
 * Usage records from the hot path to the control plane, without loss. `push` encodes the
 * record (`encodeUsageRecord`: queued records are bytes, not objects that would outlive the
 * young generation) and appends it to an array. A timer sends batches: spilled segments
 * first (oldest first), then memory.
 * A batch leaves memory or disk only once acknowledged, so an outage keeps it; past the
 * memory limit the oldest records go to disk. While sends fail (the control plane or its
 * database away) every record in memory goes to disk, on the failure and again on each
 * tick, so a crash during an outage loses at most what arrived since the last tick. Replays
 * may duplicate (the control plane dedupes by request id); nothing is dropped unless both
 * the control plane and the disk fail for long enough to reach the hard memory cap.
 */
export class UsagePipeline implements UsageSink {
  private memory: Buffer[] = [];
  private sending = 0;
  private spillingCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<boolean> | null = null;
  private spilling: Promise<void> | null = null;
  private spillRetryAt = 0;
  private reachable = true;
  private dropped = 0;
  private readonly hardCap: number;

  constructor(private readonly options: UsagePipelineOptions) {
    this.hardCap = options.memoryLimit * 2 + MAX_BATCH;
  }

  push(record: UsageRecord): void {
    const memory = this.memory;
    memory.push(encodeUsageRecord(record));
    if (memory.length <= this.options.memoryLimit) return;
    this.startSpilling(Math.floor(this.options.memoryLimit / 2));
    if (memory.length > this.hardCap) {
      memory.shift();
      if (this.dropped++ % 1000 === 0) {
        this.options.logger.error(
          { dropped: this.dropped },
          'usage records dropped: control plane and disk both failing',
        );
      }
    }
  }

  /** Records waiting in memory (including those being sent or written to disk). */
  get queueDepth(): number {
    return this.memory.length + this.sending + this.spillingCount;
  }

  /** Records waiting on disk. */
  get spilledCount(): number {
    return this.options.spill.count;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.flushMs);
    this.timer.unref();
  }

  /**
   * One timer tick. During an outage memory goes to disk first, even while an earlier flush
   * still waits on a send that may hang until its deadline.
   */
  private tick(): void {
    if (!this.reachable) this.startSpilling(0);
    void this.flushNow();
  }

  /** Runs one flush unless one is running; resolves true when everything queued was sent. */
  flushNow(timeoutMs = SEND_TIMEOUT_MS, deadlineAt = Infinity): Promise<boolean> {
    this.flushing ??= this.flush(timeoutMs, deadlineAt).finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Stops the timer, tries one last flush within `finalMs`, and writes whatever is left to disk. */
  async close(finalMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const deadlineAt = Date.now() + finalMs;
    await this.flushing;
    await this.spilling;
    await this.flushNow(Math.min(finalMs, SEND_TIMEOUT_MS), deadlineAt);
    await this.spilling;
    while (this.memory.length > 0) {
      const records = this.memory.splice(0, MAX_BATCH);
      try {
        await this.options.spill.write(records);
      } catch (err) {
        this.options.logger.error(
          { err: (err as Error).message, records: records.length + this.memory.length },
          'cannot write usage to disk at shutdown; records lost',
        );
        return;
      }
    }
  }

  private async flush(timeoutMs: number, deadlineAt: number): Promise<boolean> {
    const { spill } = this.options;
    try {
      while (spill.segmentCount > 0) {
        if (Date.now() > deadlineAt) return false;
        const oldest = await spill.oldest();
        if (!oldest) break;
        for (let i = 0; i < oldest.records.length; i += MAX_BATCH) {
          await this.send(oldest.records.slice(i, i + MAX_BATCH), timeoutMs);
        }
        await spill.remove(oldest.segment);
      }
      // What is queued now goes out now; records arriving meanwhile wait for the next tick
      // unless a full batch is ready, so a busy node sends few, large batches.
      let due = this.memory.length;
      while (due > 0 || this.memory.length >= MAX_BATCH) {
        if (Date.now() > deadlineAt) return false;
        const batch = this.memory.splice(0, MAX_BATCH);
        due -= batch.length;
        this.sending = batch.length;
        try {
          await this.send(batch, timeoutMs);
        } catch (err) {
          this.memory.unshift(...batch); // oldest stay first; the overflow check below may spill them
          throw err;
        } finally {
          this.sending = 0;
        }
      }
      this.markReachable(true);
      return true;
    } catch (err) {
      this.markReachable(false, err);
      // Durable during the outage: everything in memory goes to disk, not only the overflow.
      this.startSpilling(0);
      return false;
    }
  }

  private send(records: Buffer[], timeoutMs: number): Promise<unknown> {
    return this.options.sender.reportUsage(encodeUsageBatch(this.options.nodeId, records), timeoutMs);
  }

  /** Starts moving memory to disk down to `target` records, unless a move is running or backing off. */
  private startSpilling(target: number): void {
    if (this.spilling || this.memory.length <= target || Date.now() < this.spillRetryAt) return;
    this.spilling = this.spillDownTo(target).finally(() => (this.spilling = null));
  }

  /** Moves the oldest records to disk until at most `target` are left in memory. */
  private async spillDownTo(target: number): Promise<void> {
    const { spill, logger } = this.options;
    while (this.memory.length > target) {
      const records = this.memory.splice(0, Math.min(MAX_BATCH, this.memory.length - target));
      this.spillingCount += records.length;
      try {
        await spill.write(records);
      } catch (err) {
        this.memory.unshift(...records);
        this.spillRetryAt = Date.now() + SPILL_RETRY_MS;
        logger.error({ err: (err as Error).message }, 'cannot spill usage to disk; keeping it in memory');
        return;
      } finally {
        this.spillingCount -= records.length;
      }
    }
  }

  private markReachable(ok: boolean, err?: unknown): void {
    if (ok === this.reachable) return;
    this.reachable = ok;
    if (ok)
      this.options.logger.info(
        { spilled: this.spilledCount },
        'control plane reachable again; usage flowing',
      );
    else {
      this.options.logger.warn(
        { err: (err as Error)?.message, queued: this.queueDepth, spilled: this.spilledCount },
        'cannot report usage to the control plane; keeping it queued',
      );
    }
  }
}
