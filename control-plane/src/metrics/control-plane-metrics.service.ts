import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { NodesService } from '../nodes/nodes.service';

/** A node counts as live while its last heartbeat is at most this old. */
export const LIVE_NODE_WINDOW_MS = 30_000;

/**
 * The control plane's Prometheus metrics, on a registry of its own (tests run several
 * control planes in one process). Counters are bumped by the features that do the work;
 * `switchyard_data_plane_nodes` is queried from Postgres at scrape time.
 */
@Injectable()
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  private readonly usageRecords: Counter<'result'>;
  private readonly usageBatches: Counter;
  private readonly publishSeconds: Histogram;
  private readonly snapshotsPublished: Counter;

  constructor(nodes: NodesService) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.usageRecords = new Counter({
      name: 'switchyard_usage_records_ingested_total',
      help: 'Usage records received over gRPC; result is accepted (stored) or duplicate (seen before).',
      labelNames: ['result'],
      registers,
    });
    this.usageBatches = new Counter({
      name: 'switchyard_usage_batches_total',
      help: 'Usage batches stored (ReportUsage calls that succeeded).',
      registers,
    });
    this.publishSeconds = new Histogram({
      name: 'switchyard_snapshot_publish_seconds',
      help: 'Time to put a new snapshot into the NATS KV bucket, for publishes that wrote one.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.snapshotsPublished = new Counter({
      name: 'switchyard_snapshots_published_total',
      help: 'Snapshots written to the NATS KV bucket.',
      registers,
    });
    new Gauge({
      name: 'switchyard_data_plane_nodes',
      help: `Data-plane nodes whose last heartbeat is at most ${LIVE_NODE_WINDOW_MS / 1000} s old.`,
      registers,
      async collect() {
        this.set(await nodes.countSeenSince(new Date(Date.now() - LIVE_NODE_WINDOW_MS)));
      },
    });
    // Zero series up front, so dashboards see both results before the first batch.
    this.usageRecords.inc({ result: 'accepted' }, 0);
    this.usageRecords.inc({ result: 'duplicate' }, 0);
  }

  usageBatchIngested(accepted: number, duplicates: number): void {
    this.usageBatches.inc();
    this.usageRecords.inc({ result: 'accepted' }, accepted);
    this.usageRecords.inc({ result: 'duplicate' }, duplicates);
  }

  snapshotPublished(seconds: number): void {
    this.snapshotsPublished.inc();
    this.publishSeconds.observe(seconds);
  }
}
