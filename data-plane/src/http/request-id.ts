import { randomUUID } from 'node:crypto';

/**
 * A fresh id for a request. Never taken from the caller's `x-request-id`: the id is the
 * idempotency key of the request's usage record, so a caller reusing one id would have
 * its usage counted once.
 */
export function newRequestId(): string {
  return randomUUID();
}
