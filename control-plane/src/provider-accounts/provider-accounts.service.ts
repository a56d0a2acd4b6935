import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProviderCredentials } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CredentialsVault } from '../crypto/credentials-vault.service';
import { foreignKeyViolation, uniqueViolation } from '../database/postgres-errors';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateProviderAccountInput,
  DeleteProviderAccountInput,
  UpdateProviderAccountInput,
} from './dtos/provider-account.inputs';
import { ProviderAccountEntity } from './provider-account.entity';
import { CREDENTIAL_FIELDS } from './credential-fields';
import { checkProviderOptions, mergeCredentials, resolveBaseUrl } from './provider-config';
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
      const credentials = mergeCredentials({}, input);
      const provider = manager.create(ProviderAccountEntity, {
        id,
        workspaceId: input.workspaceId,
        name: input.name,
        kind: input.kind,
        baseUrl: resolveBaseUrl(input.kind, input.baseUrl, input.options),
        options: checkProviderOptions(input.kind, input.options),
        credentialsSealed: credentials ? this.vault.sealAtRest(id, credentials) : null,
      });
      return this.save(manager, provider);
    });
  }

  async update(input: UpdateProviderAccountInput): Promise<ProviderAccountEntity> {
    return this.changes.run(async (manager) => {
      const provider = await this.get(input.workspaceId, input.id, manager);
      if (input.name != null) provider.name = input.name;
      if (input.baseUrl != null) provider.baseUrl = input.baseUrl;
      if (input.options !== undefined) provider.options = checkProviderOptions(provider.kind, input.options);
      if (CREDENTIAL_FIELDS.some((field) => input[field] !== undefined)) {
        const credentials = mergeCredentials(this.storedCredentials(provider), input);
        provider.credentialsSealed = credentials ? this.vault.sealAtRest(provider.id, credentials) : null;
      }
      return this.save(manager, provider);
    });
  }

  /** Refuses (CONFLICT) while a route still targets the provider, or uses it as a judge or embedder. */
  async delete(input: DeleteProviderAccountInput): Promise<ProviderAccountEntity> {
    return this.changes.run(async (manager) => {
      const provider = await this.get(input.workspaceId, input.id, manager);
      // Targets reference providers by foreign key; judges and embedders live in the routes' jsonb.
      const users: Array<{ alias: string }> = await manager.query(
        `SELECT DISTINCT r.alias FROM routes r
           LEFT JOIN route_targets t ON t.route_id = r.id AND t.provider_id = $1
          WHERE r.workspace_id = $2
            AND (t.route_id IS NOT NULL
                 OR r.ensemble -> 'judge' ->> 'providerId' = $1::text
                 OR r.semantic -> 'embedder' ->> 'providerId' = $1::text)
          ORDER BY 1`,
        [provider.id, provider.workspaceId],
      );
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

  /** The stored credentials in plaintext, for merging writes and comparing with declared config only; never returned by the API. */
  storedCredentials(provider: ProviderAccountEntity): ProviderCredentials {
    return provider.credentialsSealed ? this.vault.openAtRest(provider.id, provider.credentialsSealed) : {};
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
