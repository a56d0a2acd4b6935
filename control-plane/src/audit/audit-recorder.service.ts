import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { isDomainException, toGraphQLError } from '../errors/graphql-errors';
import { PINO_LOGGER } from '../logging/logging.module';
import { AuditCaptureSubscriber } from './audit-capture.subscriber';
import { auditContextStorage, type AuditContext } from './audit-context';
import { SUCCESS, insertAuditEntry, updateAuditOutcome } from './audit-writer';

/** Errors already recorded, so the exception filter does not record them a second time. */
const recordedErrors = new WeakSet<object>();

export function alreadyRecorded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && recordedErrors.has(error);
}

/** The outcome stored for an error: the domain code (e.g. ROUTE_NOT_FOUND), else the public GraphQL code. */
export function outcomeOf(error: unknown): { code: string; message: string } {
  if (isDomainException(error)) return { code: error.code, message: error.message };
  const graphql = toGraphQLError(error);
  return { code: String(graphql.extensions.code ?? 'INTERNAL_SERVER_ERROR'), message: graphql.message };
}

/**
 * Runs admin actions as audited units. Changes committed by the action's transactions are
 * recorded in those transactions (`AuditCaptureSubscriber`); this adds the entry of an
 * action that committed nothing (it changed nothing, or it failed) after it finished.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly capture: AuditCaptureSubscriber,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async run<T>(ctx: AuditContext, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await auditContextStorage.run(ctx, work);
    } catch (error) {
      ctx.open = false;
      await this.recordFailure(ctx, error);
      throw error;
    }
    ctx.open = false;
    if (ctx.entryId === null) {
      ctx.entryId = await insertAuditEntry(this.dataSource, ctx, this.capture.content(ctx), SUCCESS);
    }
    return result;
  }

  /**
   * Records a refused or failed action. Its transactions rolled back, so the entry names
   * what it was asked to change and changes nothing, unless a transaction had already
   * committed: then that entry keeps its changes and takes the error as its outcome.
   */
  async recordFailure(ctx: AuditContext, error: unknown): Promise<void> {
    if (typeof error === 'object' && error !== null) recordedErrors.add(error);
    const { code, message } = outcomeOf(error);
    try {
      if (ctx.entryId !== null) await updateAuditOutcome(this.dataSource, ctx.entryId, code, message);
      else
        ctx.entryId = await insertAuditEntry(this.dataSource, ctx, this.capture.content(ctx), code, message);
    } catch (writeError) {
      // Nothing was changed, so nothing is lost but the record of an attempt: say so in the log.
      this.logger.error({ err: writeError, action: ctx.action, outcome: code }, 'audit entry not written');
    }
  }
}
