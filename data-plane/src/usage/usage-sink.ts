import type { UsageRecord } from '@switchyard/proto';

/** Where the hot path drops usage records: O(1), never awaits, never throws. */
export interface UsageSink {
  push(record: UsageRecord): void;
}
