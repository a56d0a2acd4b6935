/** Failed sign-ins allowed per email, and per client address, within the window. */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;
export const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Counts failed sign-ins in memory, per email and per client address, over a fixed window
 * from the first failure. Per replica: N replicas allow N times as many guesses, which is
 * still few against argon2id. A success clears the email's count.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether another attempt for this email from this address may be checked at all. */
  allowed(email: string, address: string): boolean {
    return (
      this.count(emailKey(email)) < MAX_FAILURES_PER_EMAIL &&
      this.count(addressKey(address)) < MAX_FAILURES_PER_ADDRESS
    );
  }

  recordFailure(email: string, address: string): void {
    for (const key of [emailKey(email), addressKey(address)]) {
      const entry = this.live(key);
      if (entry) entry.count++;
      else this.failures.set(key, { count: 1, since: this.now() });
    }
    if (this.failures.size > 100_000) this.sweep();
  }

  recordSuccess(email: string): void {
    this.failures.delete(emailKey(email));
  }

  private count(key: string): number {
    return this.live(key)?.count ?? 0;
  }

  private live(key: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.since >= FAILURE_WINDOW_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Bounds memory under a spray of distinct emails. */
  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.live(key);
  }
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;
