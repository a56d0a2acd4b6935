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
