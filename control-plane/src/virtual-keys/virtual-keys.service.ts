import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashKeySecret, type SnapshotCache } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { generateKeySecret, keyPrefix } from '../crypto/key-secret';
import { uniqueViolation } from '../database/postgres-errors';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { buildCacheSpec } from '../routes/cache-spec';
import type { CacheSettingsInput } from '../routes/dtos/cache-settings.inputs';
import { RouteException } from '../routes/route.exception';
import { RouteEntity } from '../routes/route.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateVirtualKeyInput,
  RevokeVirtualKeyInput,
  UpdateVirtualKeyInput,
} from './dtos/virtual-key.inputs';
import { VirtualKeyEntity } from './virtual-key.entity';
import { VirtualKeyException, VirtualKeyExceptionCode, keyNotFound } from './virtual-key.exception';

export interface NewKeyFields {
  workspaceId: string;
  name: string;
  expiresAt: Date | null;
  allowedRouteIds: string[] | null;
  cache: SnapshotCache | null;
  /** A fixed secret, or undefined to generate one. */
  secret?: string;
}

@Injectable()
export class VirtualKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(workspaceId: string): Promise<VirtualKeyEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(VirtualKeyEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Creates a key; the returned secret is the only time it exists outside the caller. */
  async create(input: CreateVirtualKeyInput): Promise<{ key: VirtualKeyEntity; secret: string }> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      return this.insert(manager, {
        workspaceId: input.workspaceId,
        name: input.name,
        expiresAt: input.expiresAt ?? null,
        allowedRouteIds: await this.checkRoutes(manager, input.workspaceId, input.allowedRouteIds ?? null),
        cache: await this.checkCache(manager, input.workspaceId, input.cache ?? null),
        secret: input.secret,
      });
    });
  }

  async update(input: UpdateVirtualKeyInput): Promise<VirtualKeyEntity> {
    return this.changes.run(async (manager) => {
      const key = await this.get(manager, input.workspaceId, input.id);
      if (input.name != null) key.name = input.name;
      if (input.expiresAt !== undefined) key.expiresAt = input.expiresAt;
      if (input.allowedRouteIds !== undefined) {
        key.allowedRouteIds = await this.checkRoutes(manager, key.workspaceId, input.allowedRouteIds);
      }
      if (input.cache !== undefined) key.cache = await this.checkCache(manager, key.workspaceId, input.cache);
      return this.save(manager, key);
    });
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  async revoke(input: RevokeVirtualKeyInput): Promise<VirtualKeyEntity> {
    return this.changes.run(async (manager) => {
      const key = await this.get(manager, input.workspaceId, input.id);
      if (key.revokedAt) return key;
      key.revokedAt = new Date();
      return manager.save(key);
    });
  }

  async get(manager: EntityManager, workspaceId: string, id: string): Promise<VirtualKeyEntity> {
    const key = await manager.findOne(VirtualKeyEntity, { where: { id, workspaceId } });
    if (!key) throw keyNotFound(id);
    return key;
  }

  async insert(
    manager: EntityManager,
    fields: NewKeyFields,
  ): Promise<{ key: VirtualKeyEntity; secret: string }> {
    const secret = fields.secret ?? generateKeySecret();
    const key = manager.create(VirtualKeyEntity, {
      id: randomUUID(),
      workspaceId: fields.workspaceId,
      name: fields.name,
      prefix: keyPrefix(secret),
      keyHash: hashKeySecret(secret),
      expiresAt: fields.expiresAt,
      revokedAt: null,
      allowedRouteIds: fields.allowedRouteIds,
      cache: fields.cache,
    });
    return { key: await this.save(manager, key), secret };
  }

  /**
   * Cache settings in the snapshot's shape, refused (VIRTUAL_KEY_INVALID_CACHE) when they break
   * the snapshot's rules or name an embedder that is not a provider of `workspaceId`.
   */
  async checkCache(
    manager: EntityManager,
    workspaceId: string,
    input: CacheSettingsInput | null,
  ): Promise<SnapshotCache | null> {
    if (input === null) return null;
    let cache: SnapshotCache;
    try {
      cache = buildCacheSpec(input);
    } catch (err) {
      if (!(err instanceof RouteException)) throw err;
      throw new VirtualKeyException(err.message, VirtualKeyExceptionCode.INVALID_CACHE);
    }
    const providerId = cache.embedder?.providerId;
    if (
      providerId &&
      !(await manager.exists(ProviderAccountEntity, { where: { id: providerId, workspaceId } }))
    ) {
      throw new VirtualKeyException(
        `cache.embedder.providerId: ${providerId} is not a provider of this workspace`,
        VirtualKeyExceptionCode.INVALID_CACHE,
      );
    }
    return cache;
  }

  /** Checks every id is a route of `workspaceId`; returns them sorted and without repeats. */
  async checkRoutes(
    manager: EntityManager,
    workspaceId: string,
    ids: string[] | null,
  ): Promise<string[] | null> {
    if (ids === null) return null;
    const unique = [...new Set(ids)].sort();
    if (!unique.length) return unique;
    const found = await manager.find(RouteEntity, {
      where: { id: In(unique), workspaceId },
      select: { id: true },
    });
    const known = new Set(found.map((r) => r.id));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) {
      throw new VirtualKeyException(
        `allowedRouteIds: not routes of this workspace: ${missing.join(', ')}`,
        VirtualKeyExceptionCode.UNKNOWN_ROUTE,
      );
    }
    return unique;
  }

  async save(manager: EntityManager, key: VirtualKeyEntity): Promise<VirtualKeyEntity> {
    try {
      return await manager.save(key);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'virtual_keys_key_hash_key') {
        throw new VirtualKeyException(
          'Another key already uses this secret',
          VirtualKeyExceptionCode.SECRET_TAKEN,
        );
      }
      if (constraint !== null) {
        throw new VirtualKeyException(
          `A key named "${key.name}" already exists in this workspace`,
          VirtualKeyExceptionCode.NAME_TAKEN,
        );
      }
      throw error;
    }
  }
}
