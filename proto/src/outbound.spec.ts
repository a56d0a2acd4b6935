import { OutboundPolicy, OutboundPolicyError } from './outbound';

describe('OutboundPolicy', () => {
  const closed = new OutboundPolicy('');

  it('refuses private, loopback, link-local and other special ranges by default', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ])
      expect([address, closed.addressAllowed(address)]).toEqual([address, false]);
  });

  it('allows public addresses, including neighbours of the private ranges', () => {
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '172.15.255.255',
      '11.0.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
    ])
      expect([address, closed.addressAllowed(address)]).toEqual([address, true]);
  });

  it('allows what the list names: addresses, ranges, host names, suffixes, or everything', () => {
    const policy = new OutboundPolicy(' 10.0.0.0/8 , 127.0.0.1, ollama.internal, *.corp.example, ::1 ');
    expect(policy.addressAllowed('10.200.0.1')).toBe(true);
    expect(policy.addressAllowed('127.0.0.1')).toBe(true);
    expect(policy.addressAllowed('127.0.0.2')).toBe(false);
    expect(policy.addressAllowed('::1')).toBe(true);
    expect(policy.addressAllowed('192.168.0.1')).toBe(false);
    expect(policy.hostAllowed('Ollama.Internal.')).toBe(true);
    expect(policy.hostAllowed('llm.corp.example')).toBe(true);
    expect(policy.hostAllowed('corp.example')).toBe(false);
    expect(policy.hostAllowed('evilcorp.example')).toBe(false);
    expect(new OutboundPolicy('*').addressAllowed('169.254.169.254')).toBe(true);
  });

  it('refuses malformed lists, naming the entry', () => {
    expect(() => new OutboundPolicy('10.0.0.0/33')).toThrow(OutboundPolicyError);
    expect(() => new OutboundPolicy('10.0.0.0/x')).toThrow(/10.0.0.0\/x/);
    expect(() => new OutboundPolicy('host/8')).toThrow(/not an IP range/);
    expect(() => new OutboundPolicy('bad_host!')).toThrow(/not an address, range or host name/);
  });

  it('judges URLs by what is known without DNS: literal addresses and localhost', () => {
    expect(closed.urlProblem('http://169.254.169.254/latest')).toMatch(/SWITCHYARD_OUTBOUND_ALLOW/);
    expect(closed.urlProblem('http://[::1]:8080/v1')).toMatch(/::1/);
    expect(closed.urlProblem('http://localhost:11434/v1')).toMatch(/localhost/);
    expect(closed.urlProblem('https://api.openai.com/v1')).toBeNull();
    expect(closed.urlProblem('not a url')).toBe('is not a valid URL');
    expect(new OutboundPolicy('127.0.0.0/8').urlProblem('http://localhost:11434/v1')).toBeNull();
  });

  it('checks literal addresses before dialling and names through lookup', async () => {
    expect(closed.connectProblem('10.0.0.1')?.code).toBe('ERR_OUTBOUND_BLOCKED');
    expect(closed.connectProblem('[::1]')).not.toBeNull();
    expect(closed.connectProblem('example.com')).toBeNull();
    const lookup = (policy: OutboundPolicy, host: string) =>
      new Promise<string>((resolve, reject) =>
        policy.lookup(host, { family: 4 }, (err, address) =>
          err ? reject(err) : resolve(address as string),
        ),
      );
    await expect(lookup(closed, 'localhost')).rejects.toMatchObject({ code: 'ERR_OUTBOUND_BLOCKED' });
    await expect(lookup(new OutboundPolicy('localhost'), 'localhost')).resolves.toBe('127.0.0.1');
  });
});
