import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { McpServersResolver } from './mcp-servers.resolver';
import { McpServersService } from './mcp-servers.service';

@Module({
  imports: [WorkspacesModule],
  providers: [McpServersService, McpServersResolver],
  exports: [McpServersService],
})
export class McpServersModule {}
