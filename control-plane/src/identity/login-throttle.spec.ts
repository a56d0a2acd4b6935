import {
  FAILURE_WINDOW_MS,
  LoginThrottle,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
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

  it('clears an email on success', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) t.recordFailure('ada@example.com', '10.0.0.1');
    t.recordSuccess('ada@example.com');
    t.recordFailure('ada@example.com', '10.0.0.1');
    expect(t.allowed('ada@example.com', '10.0.0.1')).toBe(true);
  });
});
