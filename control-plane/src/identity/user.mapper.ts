import type { UserEntity } from '../users/user.entity';
import type { ApiTokenEntity } from './api-token.entity';
import type { ApiTokenDto } from './dtos/api-token.dto';
import type { UserDto } from './dtos/user.dto';

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    installationAdmin: user.installationAdmin,
    active: user.active,
    hasPassword: user.passwordHash !== null,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

export function toApiTokenDto(token: ApiTokenEntity): ApiTokenDto {
  return {
    id: token.id,
    workspaceId: token.workspaceId,
    name: token.name,
    role: token.role,
    prefix: token.prefix,
    createdBy: token.createdBy,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
    createdAt: token.createdAt,
  };
}
