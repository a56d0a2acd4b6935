import { credsAuthenticator, type ConnectionOptions } from 'nats';
import type { NatsSecurity } from '@switchyard/proto';

/** The part of every NATS connect of this node that carries TLS and credentials. */
export function natsSecurityOptions(
  security: NatsSecurity | undefined,
): Pick<ConnectionOptions, 'tls' | 'user' | 'pass' | 'token' | 'authenticator'> {
  if (!security) return {};
  const { tls, creds, user, pass, token } = security;
  return {
    ...(tls ? { tls } : {}),
    ...(creds ? { authenticator: credsAuthenticator(creds) } : {}),
    ...(user !== null ? { user, pass: pass ?? undefined } : {}),
    ...(token !== null ? { token } : {}),
  };
}

/**
 * True for failures that retrying will not fix (a refused login, a certificate that is not
 * trusted): they are worth a warning, unlike NATS simply being away.
 */
export function isNatsSecurityError(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`.toLowerCase();
  return /authoriz|authentic|permission|certificate|self[- ]signed|tls|ssl|unable to verify|handshake/.test(
    text,
  );
}
