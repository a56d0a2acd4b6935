import { Cancellation } from './cancellation';

describe('Cancellation', () => {
  it('tells each listener once, in order, and later ones at once', () => {
    const c = new Cancellation();
    const heard: string[] = [];
    c.onAbort(() => heard.push('a'));
    c.onAbort(() => heard.push('b'));
    c.abort();
    c.abort();
    expect(heard).toEqual(['a', 'b']);
    c.onAbort(() => heard.push('late'));
    expect(heard).toEqual(['a', 'b', 'late']);
    expect(c.aborted).toBe(true);
  });

  it('forgets a listener taken off', () => {
    const c = new Cancellation();
    const heard: string[] = [];
    const a = () => heard.push('a');
    c.onAbort(a);
    c.onAbort(() => heard.push('b'));
    c.offAbort(a);
    c.offAbort(a);
    c.abort();
    expect(heard).toEqual(['b']);
  });

  it('gives a real AbortSignal that follows it, made before or after the abort', () => {
    const before = new Cancellation();
    const signal = before.signal;
    expect(signal.aborted).toBe(false);
    before.abort();
    expect(signal.aborted).toBe(true);
    const after = new Cancellation();
    after.abort();
    expect(after.signal.aborted).toBe(true);
  });

  it('times out', async () => {
    const c = Cancellation.timeout(20);
    expect(c.aborted).toBe(false);
    await new Promise((resolve) => c.onAbort(() => resolve(undefined)));
    expect(c.aborted).toBe(true);
  });
});
