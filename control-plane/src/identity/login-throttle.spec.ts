import {
  FAILURE_WINDOW_MS,
  LoginThrottle,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  WindowCounter,
} from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle(() => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('blocks an email after its failures, whatever the case, until the window passes', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(t.allowed('Ada@Example.com', `10.0.0.${i}`)).toBe(true);
      t.recordFailure('Ada@Example.com', `10.0.0.${i}`);
    }
    expect(t.allowed('ada@example.com', '10.9.9.9')).toBe(false);
    expect(t.allowed('bob@example.com', '10.0.0.1')).toBe(true);
    now += FAILURE_WINDOW_MS;
    expect(t.allowed('ada@example.com', '10.9.9.9')).toBe(true);
  });

  it('blocks an address spraying many emails', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) t.recordFailure(`u${i}@example.com`, '10.1.1.1');
    expect(t.allowed('new@example.com', '10.1.1.1')).toBe(false);
    expect(t.allowed('new@example.com', '10.1.1.2')).toBe(true);
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not help', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      t.recordFailure(`u${i}@example.com`, `2001:db8:7:7::${(i + 1).toString(16)}`);
    expect(t.allowed('new@example.com', '2001:db8:7:7:abcd::1')).toBe(false);
    expect(t.allowed('new@example.com', '2001:db8:7:8::1')).toBe(true);
  });

  it('clears an email on success', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) t.recordFailure('ada@example.com', '10.0.0.1');
    t.recordSuccess('ada@example.com');
    t.recordFailure('ada@example.com', '10.0.0.1');
    expect(t.allowed('ada@example.com', '10.0.0.1')).toBe(true);
  });
});

describe('WindowCounter', () => {
  let now = 0;
  const counter = (windowMs: number, maxKeys?: number) => new WindowCounter(windowMs, () => now, maxKeys);

  beforeEach(() => {
    now = 5_000_000;
  });

  it('admits up to the limit per key, says when the window closes, then starts again', () => {
    const c = counter(60_000);
    for (let i = 0; i < 3; i++) expect(c.tryAdd('a', 3)).toBe(true);
    now += 20_000;
    expect(c.tryAdd('a', 3)).toBe(false);
    expect(c.count('a')).toBe(3);
    expect(c.resetsIn('a')).toBe(40_000);
    expect(c.tryAdd('b', 3)).toBe(true);
    now += 40_000;
    expect(c.resetsIn('a')).toBe(0);
    expect(c.tryAdd('a', 3)).toBe(true);
    expect(c.count('a')).toBe(1);
    expect(c.resetsIn('a')).toBe(60_000);
  });

  it('forgets expired keys as new ones arrive, and the oldest past maxKeys', () => {
    const c = counter(1_000, 3);
    c.add('old');
    now += 1_000;
    for (const key of ['k1', 'k2', 'k3']) c.add(key);
    expect(c.size).toBe(3);
    expect(c.count('k1')).toBe(1);
    c.add('k4');
    // k1 opened first, so it goes to keep three keys; the others keep their counts.
    expect([c.count('k1'), c.count('k2'), c.count('k3'), c.count('k4')]).toEqual([0, 1, 1, 1]);
    expect(c.size).toBe(3);
    c.add('k2');
    expect(c.count('k2')).toBe(2);
  });
});
