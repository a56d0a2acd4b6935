import type { IncomingHttpHeaders } from 'node:http';
import { hashKeySecret } from '@switchyard/proto';
import { GatewayError } from '../errors';
import type { CompiledKey, RuntimeConfig } from '../snapshot/compiled';

/**
 * The virtual key's header: `Authorization: Bearer …`, or `x-api-key` (how Anthropic
 * clients send their key) rendered the same way.
 */
export function keyHeader(headers: IncomingHttpHeaders): string | undefined {
  if (headers.authorization) return headers.authorization;
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? `Bearer ${apiKey}` : undefined;
}

/**
 * Resolves `Authorization: Bearer <virtual key>` to a key of the running config: one hash
 * and one map lookup. Revoked keys are absent from snapshots, so they read as unknown.
 */
export function authenticate(header: string | undefined, config: RuntimeConfig, nowMs: number): CompiledKey {
  if (!header) throw new GatewayError('missing_api_key');
  if (header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ')
    throw new GatewayError('missing_api_key');
  const secret = header.slice(7).trim();
  if (secret.length === 0) throw new GatewayError('missing_api_key');
  const key = config.keysByHash.get(hashKeySecret(secret));
  if (!key) throw new GatewayError('invalid_api_key');
  if (nowMs >= key.expiresAtMs) throw new GatewayError('expired_api_key');
  return key;
}

/**
 * The running config (read once, so a snapshot swap mid-request cannot mix two) and the
 * calling key under it: 503 `not_ready` before a snapshot is applied, else `authenticate`
 * on the key header (`Authorization` or `x-api-key`).
 */
export function caller(
  headers: IncomingHttpHeaders,
  config: RuntimeConfig | null,
  nowMs = Date.now(),
): { config: RuntimeConfig; key: CompiledKey } {
  if (!config) throw new GatewayError('not_ready');
  return { config, key: authenticate(keyHeader(headers), config, nowMs) };
}
