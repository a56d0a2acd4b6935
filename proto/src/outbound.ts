import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/**
 * Where Switchyard may connect on a customer's behalf (provider base URLs, MCP servers,
 * guardrail and budget webhooks): anywhere public, and private, loopback or link-local
 * addresses only when the installation allows them. Both planes read the same variable:
 *
 *   SWITCHYARD_OUTBOUND_ALLOW=10.0.0.0/8,127.0.0.1,ollama.internal,*.corp.example
 *
 * Entries are IP addresses, CIDR ranges, host names, `*.suffix` host patterns, or `*` for
 * everything. A host name on the list may resolve anywhere; any other name is checked by
 * the addresses it resolves to when the connection is made, so a public name that resolves
 * (or later rebinds) to a private address is refused too.
 */
export const OUTBOUND_ALLOW_VAR = 'SWITCHYARD_OUTBOUND_ALLOW';

// Ranges a server on the internet never needs (RFC 6890 special-purpose registries).
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 (embeds IPv4)
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

const PRIVATE = new BlockList();
for (const [net, prefix] of BLOCKED_V4) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** A refused destination; the message names the address and the variable that would allow it. */
export class OutboundBlockedError extends Error {
  readonly code = 'ERR_OUTBOUND_BLOCKED';
  constructor(readonly destination: string) {
    super(`${destination} is a private, loopback or link-local address; allow it with ${OUTBOUND_ALLOW_VAR}`);
    this.name = 'OutboundBlockedError';
  }
}

/** Thrown for a malformed allow list, naming the entry. */
export class OutboundPolicyError extends Error {}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`), else the address. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

export class OutboundPolicy {
  private readonly allowAll: boolean;
  private readonly allowedAddresses = new BlockList();
  private readonly allowedHosts = new Set<string>();
  private readonly allowedSuffixes: string[] = [];

  /** Parses a comma-separated allow list; empty allows only public destinations. */
  constructor(readonly spec = '') {
    const entries = spec
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean);
    this.allowAll = entries.includes('*');
    for (const entry of entries) {
      if (entry === '*') continue;
      const [address, prefixText] = entry.split('/');
      const family = isIP(unmapped(address));
      if (family) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        const max = family === 4 ? 32 : 128;
        const prefix = prefixText === undefined ? max : Number(prefixText);
        if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max)
          throw new OutboundPolicyError(`${OUTBOUND_ALLOW_VAR}: "${entry}" has a bad prefix length`);
        this.allowedAddresses.addSubnet(unmapped(address), prefix, type);
      } else if (prefixText !== undefined) {
        throw new OutboundPolicyError(`${OUTBOUND_ALLOW_VAR}: "${entry}" is not an IP range`);
      } else if (entry.startsWith('*.') && /^[a-z0-9.-]+$/.test(entry.slice(2))) {
        this.allowedSuffixes.push(entry.slice(1));
      } else if (/^[a-z0-9.-]+$/.test(entry)) {
        this.allowedHosts.add(entry);
      } else {
        throw new OutboundPolicyError(
          `${OUTBOUND_ALLOW_VAR}: "${entry}" is not an address, range or host name`,
        );
      }
    }
  }

  /** From the environment (`SWITCHYARD_OUTBOUND_ALLOW`). */
  static fromEnv(env: NodeJS.ProcessEnv): OutboundPolicy {
    return new OutboundPolicy(env[OUTBOUND_ALLOW_VAR] ?? '');
  }

  /** Whether connecting to this resolved address is allowed. */
  addressAllowed(address: string): boolean {
    if (this.allowAll) return true;
    const ip = unmapped(address);
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    return !PRIVATE.check(ip, type) || this.allowedAddresses.check(ip, type);
  }

  /** Whether a host name is on the list itself (its addresses are then not checked). */
  hostAllowed(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.allowAll || this.allowedHosts.has(host) || this.allowedSuffixes.some((s) => host.endsWith(s));
  }

  /**
   * Checks what can be known without DNS: a literal address, or `localhost`. Returns the
   * refusal's message, or null. Used where URLs are written (the control plane), so an
   * obviously internal URL is refused at once; names are checked again when connecting.
   */
  urlProblem(url: string | URL): string | null {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return 'is not a valid URL';
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (this.hostAllowed(host)) return null;
    if (isIP(host)) return this.addressAllowed(host) ? null : new OutboundBlockedError(host).message;
    if (host === 'localhost' || host.endsWith('.localhost'))
      return this.addressAllowed('127.0.0.1') ? null : new OutboundBlockedError(host).message;
    return null;
  }

  /**
   * A `lookup` for `net.connect`/`tls.connect` (and undici's `connect` options) that fails
   * with `OutboundBlockedError` when a name resolves to a refused address.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = this.hostAllowed(hostname)
        ? addresses
        : addresses.filter((a) => this.addressAllowed(a.address));
      if (allowed.length === 0) return callback(new OutboundBlockedError(hostname), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };

  /** The refusal for connecting to `hostname` directly (literal addresses skip `lookup`), or null. */
  connectProblem(hostname: string): OutboundBlockedError | null {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (!isIP(host) || this.hostAllowed(host) || this.addressAllowed(host)) return null;
    return new OutboundBlockedError(host);
  }
}
