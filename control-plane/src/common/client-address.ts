import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * The client's address: Express's req.ip, which is the socket's peer unless
 * SWITCHYARD_TRUST_PROXY names the proxies whose X-Forwarded-For is believed. A forwarded
 * address is never taken on the client's word: rotating it would escape per-address limits
 * and forge the audit log.
 */
export function clientAddress(req: IncomingMessage & { ip?: string }): string | null {
  return req.ip ?? req.socket?.remoteAddress ?? null;
}

/**
 * The scheme the client used: Express's req.protocol, which believes X-Forwarded-Proto only
 * from the proxies SWITCHYARD_TRUST_PROXY names (else it is the socket's: TLS or not).
 */
export function requestProtocol(req: IncomingMessage & { protocol?: string }): 'http' | 'https' {
  if (req.protocol !== undefined) return req.protocol === 'https' ? 'https' : 'http';
  return (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
}

/**
 * The key a per-address limit counts a client under: an IPv4 address as it is (an
 * IPv4-mapped IPv6 one as its IPv4), an IPv6 address by its /64, the smallest block a site
 * is given, so a client cannot escape the limit by rotating through its own prefix.
 * Anything unparseable counts as itself.
 */
export function limitKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const [a, b, c, d] = (parsed as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toString()}/64`;
}
