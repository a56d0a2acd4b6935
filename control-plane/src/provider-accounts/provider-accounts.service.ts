import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CredentialsVault } from '../crypto/credentials-vault.service';
import { foreignKeyViolation, uniqueViolation } from '../database/postgres-errors';
import { RouteTargetEntity } from '../routes/route-target.entity';
import { RouteEntity } from '../routes/route.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateProviderAccountInput,
  DeleteProviderAccountInput,
  UpdateProviderAccountInput,
} from './dtos/provider-account.inputs';
import { ProviderAccountEntity } from './provider-account.entity';
import {
  ProviderAccountException,
  ProviderAccountExceptionCode,
  providerNameTaken,
  providerNotFound,
} from './provider-account.exception';

@Injectable()
export class ProviderAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
    private readonly vault: CredentialsVault,
  ) {}

  async list(workspaceId: string): Promise<ProviderAccountEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(ProviderAccountEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async get(workspaceId: string, id: string, manager: EntityManager): Promise<ProviderAccountEntity> {
    const provider = await manager.findOne(ProviderAccountEntity, { where: { id, workspaceId } });
    if (!provider) throw providerNotFound(id);
    return provider;
  }

  async create(input: CreateProviderAccountInput): Promise<ProviderAccountEntity> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const id = randomUUID();
      const provider = manager.create(ProviderAccountEntity, {
        id,
        workspaceId: input.workspaceId,
        name: input.name,
        kind: input.kind,
        baseUrl: input.baseUrl,
        credentialsSealed: input.apiKey ? this.vault.sealAtRest(id, { apiKey: input.apiKey }) : null,
      });
      return this.save(manager, provider);
    });
  }

  async update(input: UpdateProviderAccountInput): Promise<ProviderAccountEntity> {
    return this.changes.run(async (manager) => {
      const provider = await this.get(input.workspaceId, input.id, manager);
      if (input.name != null) provider.name = input.name;
      if (input.baseUrl != null) provider.baseUrl = input.baseUrl;
      if (input.apiKey === null) provider.credentialsSealed = null;
      else if (input.apiKey !== undefined) {
        provider.credentialsSealed = this.vault.sealAtRest(provider.id, { apiKey: input.apiKey });
      }
      return this.save(manager, provider);
    });
  }

  /** Refuses (CONFLICT) while a route still targets the provider. */
  async delete(input: DeleteProviderAccountInput): Promise<ProviderAccountEntity> {
    return this.changes.run(async (manager) => {
      const provider = await this.get(input.workspaceId, input.id, manager);
      const users = await manager
        .createQueryBuilder(RouteEntity, 'route')
        .innerJoin(RouteTargetEntity, 'target', 'target.route_id = route.id')
        .where('target.provider_id = :id', { id: provider.id })
        .select('DISTINCT route.alias', 'alias')
        .getRawMany<{ alias: string }>();
      if (users.length)
        throw providerInUse(
          provider.name,
          users.map((u) => u.alias),
        );
      try {
        await manager.delete(ProviderAccountEntity, { id: provider.id, workspaceId: provider.workspaceId });
      } catch (error) {
        // A route created concurrently between our check and the delete.
        if (foreignKeyViolation(error) !== null) throw providerInUse(provider.name, []);
        throw error;
      }
      return provider;
    });
  }

  /** The stored API key in plaintext, for comparing with declared config only; never returned by the API. */
  storedApiKey(provider: ProviderAccountEntity): string | undefined {
    return provider.credentialsSealed
      ? this.vault.openAtRest(provider.id, provider.credentialsSealed).apiKey
      : undefined;
  }

  async save(manager: EntityManager, provider: ProviderAccountEntity): Promise<ProviderAccountEntity> {
    try {
      return await manager.save(provider);
    } catch (error) {
      if (uniqueViolation(error)) throw providerNameTaken(provider.name);
      throw error;
    }
  }
}

function providerInUse(name: string, aliases: string[]): ProviderAccountException {
  const which = aliases.length ? `: ${aliases.map((a) => `"${a}"`).join(', ')}` : '';
  return new ProviderAccountException(
    `Provider account "${name}" is still a target of routes${which}; change or delete them first`,
    ProviderAccountExceptionCode.IN_USE,
  );
}
