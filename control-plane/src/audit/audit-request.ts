import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import type { AuditActor, AuditRequestMeta } from './audit-context';

/** The request as the GraphQL context carries it (Express), with what the guard and this module add. */
export type AuditedRequest = IncomingMessage & {
  principal?: Principal;
  ip?: string;
  res?: ServerResponse;
  switchyardRequestId?: string;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** Labels of principal kinds that carry none of their own. */
const KIND_LABELS: Record<string, string> = { 'admin-token': 'bootstrap admin token' };

/**
 * The request's id: the caller's `x-request-id` when it is a plain token, else a new UUID;
 * the same for every mutation of the request, and sent back in `x-request-id`.
 */
export function requestIdOf(req: AuditedRequest): string {
  if (req.switchyardRequestId) return req.switchyardRequestId;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.switchyardRequestId = id;
  if (req.res && !req.res.headersSent) req.res.setHeader('x-request-id', id);
  return id;
}

export function requestMeta(req: AuditedRequest | undefined): AuditRequestMeta {
  if (!req) return { requestId: null, clientIp: null, userAgent: null };
  const agent = req.headers['user-agent'];
  return {
    requestId: requestIdOf(req),
    clientIp: clientAddress(req),
    userAgent: typeof agent === 'string' ? agent : null,
  };
}

/** How a principal is named in the log. Principal kinds with a display name (users) show it. */
export function actorOf(principal: Principal): AuditActor {
  const own = principal as unknown as { label?: unknown; displayName?: unknown; email?: unknown };
  const label = [own.label, own.displayName, own.email].find((v) => typeof v === 'string') as
    | string
    | undefined;
  return {
    kind: String(principal.kind),
    id: String(principal.id),
    label: label ?? KIND_LABELS[String(principal.kind)] ?? null,
  };
}
