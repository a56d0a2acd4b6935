import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PINO_LOGGER } from '../logging/logging.module';
import { ensureAuditTriggers } from './audit-triggers';

/** At start, after migrations: every audited table gets the capture trigger. */
@Injectable()
export class AuditTriggersInstaller implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const attached = await ensureAuditTriggers(this.dataSource);
    if (attached.length > 0) this.logger.info({ tables: attached }, 'audit triggers attached');
  }
}
