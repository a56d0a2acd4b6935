import type { IncomingMessage } from 'node:http';

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
