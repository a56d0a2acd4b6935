import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { AuditLogService } from './audit-log.service';

/** How often expired entries are deleted. */
export const AUDIT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes entries older than SWITCHYARD_AUDIT_RETENTION_DAYS at start and then hourly
 * (0 keeps them forever). Several control planes may run it at once: a delete is idempotent.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly auditLog: AuditLogService,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditRetentionDays === 0) return;
    this.sweep();
    this.timer = setInterval(() => this.sweep(), AUDIT_RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    const days = this.config.auditRetentionDays;
    this.running = this.auditLog
      .deleteOlderThan(days)
      .then(
        (deleted) => {
          if (deleted > 0)
            this.logger.info({ deleted, retentionDays: days }, 'expired audit entries deleted');
        },
        (error: unknown) =>
          this.logger.warn({ err: error }, 'deleting expired audit entries failed; retried within the hour'),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
