import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { DEFAULT_RATE_LIMIT_WINDOW_SECONDS } from '@switchyard/proto';
import type { RateLimitSettingsInput } from './dtos/rate-limit.inputs';
import { RateLimitEntity } from './rate-limit.entity';
import { invalidRateLimit } from './rate-limit.exception';
import type { ApplyAction } from '../config-apply/apply-note';

/** What a limit applies to: its workspace, one key or one route (ids already checked). */
export interface RateLimitTarget {
  workspaceId: string;
  keyId: string | null;
  routeId: string | null;
}

/** The stored numbers of a limit: every field, unset ones null, the window defaulted. */
export function rateLimitFields(
  settings: RateLimitSettingsInput,
): Pick<RateLimitEntity, 'requestsPerWindow' | 'tokensPerWindow' | 'windowSeconds' | 'concurrent'> {
  const fields = {
    requestsPerWindow: settings.requestsPerWindow ?? null,
    tokensPerWindow: settings.tokensPerWindow ?? null,
    windowSeconds: settings.windowSeconds ?? DEFAULT_RATE_LIMIT_WINDOW_SECONDS,
    concurrent: settings.concurrent ?? null,
  };
  if (fields.requestsPerWindow === null && fields.tokensPerWindow === null && fields.concurrent === null)
    throw invalidRateLimit('A rate limit needs requestsPerWindow, tokensPerWindow or concurrent');
  return fields;
}

/** The limit on exactly this target, if there is one. */
export function findRateLimit(manager: EntityManager, t: RateLimitTarget): Promise<RateLimitEntity | null> {
  return manager.findOne(RateLimitEntity, {
    where: { workspaceId: t.workspaceId, keyId: t.keyId ?? IsNull(), routeId: t.routeId ?? IsNull() },
  });
}

/** Creates or replaces the limit of a target; says which (or that nothing changed). */
export async function writeRateLimit(
  manager: EntityManager,
  target: RateLimitTarget,
  settings: RateLimitSettingsInput,
): Promise<{ limit: RateLimitEntity; action: ApplyAction }> {
  const fields = rateLimitFields(settings);
  const existing = await findRateLimit(manager, target);
  if (!existing) {
    const limit = await manager.save(
      manager.create(RateLimitEntity, { id: randomUUID(), ...target, ...fields }),
    );
    return { limit, action: 'created' };
  }
  const same = (Object.keys(fields) as (keyof typeof fields)[]).every((k) => existing[k] === fields[k]);
  if (same) return { limit: existing, action: 'unchanged' };
  Object.assign(existing, fields);
  return { limit: await manager.save(existing), action: 'updated' };
}
