import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { McpServerCredentials } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateMcpServerInput,
  DeleteMcpServerInput,
  McpAccessArgs,
  RemoveMcpAccessInput,
  SetMcpAccessInput,
  UpdateMcpServerInput,
} from './dtos/mcp-server.inputs';
import { McpAccessEntity } from './mcp-access.entity';
import { mcpCredentials, normalizePatterns, type McpAuthSpec } from './mcp-credentials';
import { McpCredentialsVault } from './mcp-credentials-vault';
import { McpServerEntity } from './mcp-server.entity';
import {
  McpServerException,
  McpServerExceptionCode,
  mcpServerNotFound,
  mcpSlugTaken,
} from './mcp-server.exception';

@Injectable()
export class McpServersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
    private readonly vault: McpCredentialsVault,
  ) {}

  async list(workspaceId: string): Promise<McpServerEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(McpServerEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async get(manager: EntityManager, workspaceId: string, id: string): Promise<McpServerEntity> {
    const server = await manager.findOne(McpServerEntity, { where: { id, workspaceId } });
    if (!server) throw mcpServerNotFound(id);
    return server;
  }

  async create(input: CreateMcpServerInput): Promise<McpServerEntity> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const server = manager.create(McpServerEntity, {
        id: randomUUID(),
        workspaceId: input.workspaceId,
        slug: input.slug,
        name: input.name,
        url: input.url,
        transport: input.transport ?? 'streamable-http',
      });
      this.setAuth(server, input.auth);
      return this.save(manager, server);
    });
  }

  async update(input: UpdateMcpServerInput): Promise<McpServerEntity> {
    return this.changes.run(async (manager) => {
      const server = await this.get(manager, input.workspaceId, input.id);
      if (input.name != null) server.name = input.name;
      if (input.url != null) server.url = input.url;
      if (input.transport != null) server.transport = input.transport;
      if (input.auth !== undefined) this.setAuth(server, input.auth);
      return this.save(manager, server);
    });
  }

  /** Removes the server and every key's access to it. */
  async delete(input: DeleteMcpServerInput): Promise<McpServerEntity> {
    return this.changes.run(async (manager) => {
      const server = await this.get(manager, input.workspaceId, input.id);
      await manager.delete(McpServerEntity, { id: server.id, workspaceId: server.workspaceId });
      return server;
    });
  }

  async listAccess(args: McpAccessArgs): Promise<McpAccessEntity[]> {
    await this.workspaces.get(args.workspaceId);
    return this.dataSource.manager.find(McpAccessEntity, {
      where: {
        workspaceId: args.workspaceId,
        ...(args.keyId ? { keyId: args.keyId } : {}),
        ...(args.serverId ? { serverId: args.serverId } : {}),
      },
      order: { keyId: 'ASC', serverId: 'ASC' },
    });
  }

  /** Grants (or replaces) a key's access to a server; both must belong to the workspace. */
  async setAccess(input: SetMcpAccessInput): Promise<McpAccessEntity> {
    return this.changes.run(async (manager) => {
      await this.checkKey(manager, input.workspaceId, input.keyId);
      await this.get(manager, input.workspaceId, input.serverId);
      return this.upsertAccess(manager, {
        workspaceId: input.workspaceId,
        keyId: input.keyId,
        serverId: input.serverId,
        allowTools: input.allowTools ?? null,
        denyTools: input.denyTools ?? [],
      });
    });
  }

  async removeAccess(input: RemoveMcpAccessInput): Promise<McpAccessEntity> {
    return this.changes.run(async (manager) => {
      const access = await manager.findOne(McpAccessEntity, {
        where: { workspaceId: input.workspaceId, keyId: input.keyId, serverId: input.serverId },
      });
      if (!access) {
        throw new McpServerException(
          `Key ${input.keyId} has no access to MCP server ${input.serverId}`,
          McpServerExceptionCode.ACCESS_NOT_FOUND,
        );
      }
      await manager.delete(McpAccessEntity, { keyId: access.keyId, serverId: access.serverId });
      return access;
    });
  }

  /** Writes access, normalising the globs; returns whether anything changed. */
  async upsertAccess(
    manager: EntityManager,
    fields: Pick<McpAccessEntity, 'workspaceId' | 'keyId' | 'serverId' | 'allowTools' | 'denyTools'>,
  ): Promise<McpAccessEntity> {
    const allowTools = fields.allowTools === null ? null : normalizePatterns(fields.allowTools);
    const denyTools = normalizePatterns(fields.denyTools);
    const existing = await manager.findOne(McpAccessEntity, {
      where: { keyId: fields.keyId, serverId: fields.serverId },
    });
    const access = existing ?? manager.create(McpAccessEntity, { ...fields });
    access.allowTools = allowTools;
    access.denyTools = denyTools;
    return manager.save(access);
  }

  /** The stored credentials in plaintext, for the mapper (names only leave) and declared-config comparison. */
  storedCredentials(server: McpServerEntity): McpServerCredentials | null {
    return server.credentialsSealed ? this.vault.openAtRest(server.id, server.credentialsSealed) : null;
  }

  setAuth(server: McpServerEntity, auth: McpAuthSpec | null | undefined): void {
    const { authType, credentials } = mcpCredentials(auth);
    server.authType = authType;
    server.credentialsSealed = credentials ? this.vault.sealAtRest(server.id, credentials) : null;
  }

  async save(manager: EntityManager, server: McpServerEntity): Promise<McpServerEntity> {
    try {
      return await manager.save(server);
    } catch (error) {
      if (uniqueViolation(error)) throw mcpSlugTaken(server.slug);
      throw error;
    }
  }

  private async checkKey(manager: EntityManager, workspaceId: string, keyId: string): Promise<void> {
    const key = await manager.findOne(VirtualKeyEntity, { where: { id: keyId, workspaceId } });
    if (!key) {
      throw new McpServerException(
        `Virtual key ${keyId} is not a key of this workspace`,
        McpServerExceptionCode.UNKNOWN_KEY,
      );
    }
  }
}
