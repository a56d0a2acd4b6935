import { SetMetadata } from '@nestjs/common';

export const AUDIT_SUMMARY_KEY = 'switchyard:audit-summary';

/**
 * On a mutation that changes many records at once (applyConfig): its entry's `after` is a
 * summary of what was created, updated and deleted instead of one record's state. Every
 * changed record is still listed in `changes`.
 */
export const AuditSummary = () => SetMetadata(AUDIT_SUMMARY_KEY, true);
