import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  parseRateLimitReport,
  rateLimitCounter,
  rateLimitCountsSubject,
  type RateLimitWireCounter,
} from '@switchyard/proto';
import type { Subscription } from 'nats';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { NatsConnectionService } from '../snapshots/nats-connection.service';
import type { RateLimitEntity } from './rate-limit.entity';

/** A report counts as live this long after it arrived (nodes report every 100 ms by default). */
const REPORT_TTL_MS = 5000;

/** A limit's counts right now, across the data-plane nodes that reported them. */
export interface RateLimitUsage {
  /** Requests in the window, as the nodes estimate it (the previous window weighted by its overlap). */
  requests: number;
  tokens: number;
  inFlight: number;
  /** Nodes heard from in the last few seconds (whether or not they counted this limit). */
  nodes: number;
  observedAt: Date;
}

/**
 * Listens to the counts data-plane nodes exchange for rate limits (the same NATS subject
 * they use), so the API can show how full each limit is. Read-only: nodes never wait on
 * it, and nothing here is stored.
 */
@Injectable()
export class RateLimitUsageService implements OnModuleInit {
  private readonly reports = new Map<string, { atMs: number; counters: Map<string, RateLimitWireCounter> }>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly nats: NatsConnectionService,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  onModuleInit(): void {
    // The client resubscribes by itself after a reconnect: subscribe on the first connection only.
    this.nats.onConnected(() => void this.subscribe());
  }

  /** The live counts of `limit`, or null when no node has reported lately. */
  usage(limit: Pick<RateLimitEntity, 'id' | 'windowSeconds'>, nowMs = Date.now()): RateLimitUsage | null {
    const name = rateLimitCounter(limit.id, limit.windowSeconds);
    const windowMs = limit.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const weight = 1 - (nowMs % windowMs) / windowMs;
    const usage: RateLimitUsage = {
      requests: 0,
      tokens: 0,
      inFlight: 0,
      nodes: 0,
      observedAt: new Date(nowMs),
    };
    for (const report of this.reports.values()) {
      if (nowMs - report.atMs > REPORT_TTL_MS) continue;
      usage.nodes++;
      const c = report.counters.get(name);
      if (!c) continue;
      const [, w, reqCurr, reqPrev, tokCurr, tokPrev, inFlight] = c;
      if (w === window) {
        usage.requests += reqPrev * weight + reqCurr;
        usage.tokens += tokPrev * weight + tokCurr;
      } else if (w === window - 1) {
        usage.requests += reqCurr * weight;
        usage.tokens += tokCurr * weight;
      }
      usage.inFlight += inFlight;
    }
    if (usage.nodes === 0) return null;
    usage.requests = Math.round(usage.requests);
    usage.tokens = Math.round(usage.tokens);
    return usage;
  }

  private async subscribe(): Promise<void> {
    if (this.subscription) return;
    const nc = await this.nats.whenOnline(0);
    if (!nc || this.subscription) return;
    this.subscription = nc.subscribe(rateLimitCountsSubject(this.config.rateLimitSubject), {
      callback: (err, msg) => {
        if (err) return;
        const report = parseRateLimitReport(msg.string());
        if (!report) return;
        this.reports.set(report.node, {
          atMs: Date.now(),
          counters: new Map(report.counters.map((c) => [c[0], c])),
        });
        // Nodes that went away for good are forgotten.
        if (this.reports.size > 1000) {
          for (const [node, r] of this.reports)
            if (Date.now() - r.atMs > REPORT_TTL_MS) this.reports.delete(node);
        }
      },
    });
  }
}
