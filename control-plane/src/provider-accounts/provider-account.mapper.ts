import type { ProviderAccountDto } from './dtos/provider-account.dto';
import type { ProviderAccountEntity } from './provider-account.entity';

/** Entity to API shape; the sealed credentials stop here. */
export function toProviderAccountDto(p: ProviderAccountEntity): ProviderAccountDto {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    name: p.name,
    kind: p.kind,
    baseUrl: p.baseUrl,
    options: p.options,
    hasCredentials: p.credentialsSealed !== null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
