import type { SnapshotRateLimit } from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { RateLimitEntity } from './rate-limit.entity';

export function toSnapshotRateLimit(l: RateLimitEntity): SnapshotRateLimit {
  return {
    id: l.id,
    workspaceId: l.workspaceId,
    keyId: l.keyId,
    routeId: l.routeId,
    requestsPerWindow: l.requestsPerWindow,
    tokensPerWindow: l.tokensPerWindow,
    windowSeconds: l.windowSeconds,
    concurrent: l.concurrent,
  };
}

/**
 * The rate-limit part of a snapshot: every limit except those of revoked keys (which are
 * not in the snapshot), by id. Left out when empty, so a config without rate limits
 * hashes as it did before they existed.
 */
export async function compileRateLimits(
  manager: EntityManager,
): Promise<{ rateLimits?: SnapshotRateLimit[] }> {
  const limits = await manager
    .createQueryBuilder(RateLimitEntity, 'l')
    .leftJoin(VirtualKeyEntity, 'key', 'key.id = l.key_id')
    .where('l.key_id IS NULL OR key.revoked_at IS NULL')
    .orderBy('l.id', 'ASC')
    .getMany();
  return limits.length ? { rateLimits: limits.map(toSnapshotRateLimit) } : {};
}
