import { limitKey } from '../common/client-address';

/** Failed sign-ins allowed per email, and per client address, within the window. */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;
export const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Counts events per key in memory over a fixed window that opens at the key's first event.
 * Per replica: N replicas allow N times as much. Keys are kept in the order their windows
 * opened, so expired ones are dropped from the front as new ones arrive; past `maxKeys` live
 * keys the oldest are forgotten too, which bounds memory under a spray of distinct keys.
 */
export class WindowCounter {
  private readonly entries = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Keys held in memory, live or not yet swept. */
  get size(): number {
    return this.entries.size;
  }

  count(key: string): number {
    return this.live(key)?.count ?? 0;
  }

  add(key: string): void {
    const entry = this.live(key);
    if (entry) {
      entry.count++;
      return;
    }
    this.entries.set(key, { count: 1, since: this.now() });
    this.sweep();
  }

  /**
   * Counts one more event unless the key already has `limit` in its window; false when it
   * has (and nothing is counted). Checks and counts in one step, so concurrent requests
   * cannot all pass a check made before any of them is counted.
   */
  tryAdd(key: string, limit: number): boolean {
    if (this.count(key) >= limit) return false;
    this.add(key);
    return true;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Milliseconds until the key's window closes and its count starts from zero (0: no count). */
  resetsIn(key: string): number {
    const entry = this.live(key);
    return entry ? entry.since + this.windowMs - this.now() : 0;
  }

  private live(key: string): { count: number; since: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.since >= this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.since < this.windowMs && this.entries.size <= this.maxKeys) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Counts failed sign-ins in memory, per email and per client address (an IPv6 client by
 * its /64), over a fixed window from the first failure. Per replica: N replicas allow N times
 * as many guesses, which is still few against argon2id. A success clears the email's count.
 */
export class LoginThrottle {
  private readonly failures: WindowCounter;

  constructor(now: () => number = Date.now) {
    this.failures = new WindowCounter(FAILURE_WINDOW_MS, now);
  }

  /** Whether another attempt for this email from this address may be checked at all. */
  allowed(email: string, address: string): boolean {
    return (
      this.failures.count(emailKey(email)) < MAX_FAILURES_PER_EMAIL &&
      this.failures.count(addressKey(address)) < MAX_FAILURES_PER_ADDRESS
    );
  }

  recordFailure(email: string, address: string): void {
    this.failures.add(emailKey(email));
    this.failures.add(addressKey(address));
  }

  recordSuccess(email: string): void {
    this.failures.delete(emailKey(email));
  }
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${limitKey(address)}`;
