import type { UsageRecord } from '@switchyard/proto';

/** The usage record fields of a call made on a request's behalf; the rest come from the request. */
export type SubCallUsage = Partial<UsageRecord> & { inputTokens?: number; outputTokens?: number };

/**
 * The request a call made on its behalf (an ensemble member or judge, an LLM-judge check, a
 * request-time embedding) is billed to: it records the call as a sub-call
 * (`RequestContext.recordSubCall`: `<request id>.<n>`, `parentRequestId` set).
 */
export interface SubCallRecorder {
  recordSubCall(fields: SubCallUsage): void;
}

/** Where the hot path drops usage records: O(1), never awaits, never throws. */
export interface UsageSink {
  push(record: UsageRecord): void;
}
