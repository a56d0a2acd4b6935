import { credsAuthenticator, type ConnectionOptions } from 'nats';
import type { NatsSecurity } from '@switchyard/proto';

/** The part of the control plane's NATS connect that carries TLS and credentials. */
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
