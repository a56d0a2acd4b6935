import { toCacheDto } from '../routes/cache-spec';
import type { VirtualKeyDto } from './dtos/virtual-key.dto';
import type { VirtualKeyEntity } from './virtual-key.entity';

/** Entity to API shape; the key hash stops here. */
export function toVirtualKeyDto(k: VirtualKeyEntity): VirtualKeyDto {
  return {
    id: k.id,
    workspaceId: k.workspaceId,
    name: k.name,
    prefix: k.prefix,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    allowedRouteIds: k.allowedRouteIds,
    cache: k.cache ? toCacheDto(k.cache) : null,
    createdAt: k.createdAt,
  };
}
