import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { McpAccessDto, McpServerDto } from './dtos/mcp-server.dto';
import {
  CreateMcpServerInput,
  DeleteMcpServerInput,
  McpAccessArgs,
  RemoveMcpAccessInput,
  SetMcpAccessInput,
  UpdateMcpServerInput,
} from './dtos/mcp-server.inputs';
import type { McpServerEntity } from './mcp-server.entity';
import { toMcpAccessDto, toMcpServerDto } from './mcp-server.mapper';
import { McpServersService } from './mcp-servers.service';

@Resolver(() => McpServerDto)
export class McpServersResolver {
  constructor(private readonly servers: McpServersService) {}

  @Roles(Role.Viewer)
  @Query(() => [McpServerDto])
  async mcpServers(@Args() args: WorkspaceScopeArgs): Promise<McpServerDto[]> {
    return (await this.servers.list(args.workspaceId)).map((s) => this.dto(s));
  }

  @Roles(Role.Admin)
  @Mutation(() => McpServerDto)
  async createMcpServer(@Args('input') input: CreateMcpServerInput): Promise<McpServerDto> {
    return this.dto(await this.servers.create(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => McpServerDto)
  async updateMcpServer(@Args('input') input: UpdateMcpServerInput): Promise<McpServerDto> {
    return this.dto(await this.servers.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => McpServerDto, { description: "Also removes every key's access to the server." })
  async deleteMcpServer(@Args('input') input: DeleteMcpServerInput): Promise<McpServerDto> {
    return this.dto(await this.servers.delete(input));
  }

  @Roles(Role.Viewer)
  @Query(() => [McpAccessDto])
  async mcpAccess(@Args() args: McpAccessArgs): Promise<McpAccessDto[]> {
    return (await this.servers.listAccess(args)).map(toMcpAccessDto);
  }

  @Roles(Role.Admin)
  @Mutation(() => McpAccessDto, { description: "Grants or replaces a key's access to an MCP server." })
  async setMcpAccess(@Args('input') input: SetMcpAccessInput): Promise<McpAccessDto> {
    return toMcpAccessDto(await this.servers.setAccess(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => McpAccessDto)
  async removeMcpAccess(@Args('input') input: RemoveMcpAccessInput): Promise<McpAccessDto> {
    return toMcpAccessDto(await this.servers.removeAccess(input));
  }

  private dto(server: McpServerEntity): McpServerDto {
    return toMcpServerDto(server, this.servers.storedCredentials(server));
  }
}
