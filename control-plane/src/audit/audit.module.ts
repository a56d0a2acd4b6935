import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditCaptureSubscriber } from './audit-capture.subscriber';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';
import { AuditRecorder } from './audit-recorder.service';
import { AuditRetention } from './audit-retention.service';
import { AuditTriggersInstaller } from './audit-triggers.installer';

/** The audit log: capture of every GraphQL mutation, the `auditLog` query, retention. */
@Module({
  providers: [
    AuditCaptureSubscriber,
    AuditRecorder,
    AuditLogService,
    AuditLogResolver,
    AuditRetention,
    AuditTriggersInstaller,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditRecorder],
})
export class AuditModule {}
