import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RoleMappingsResolver } from './role-mappings.resolver';
import { RoleMappingsService } from './role-mappings.service';

@Module({
  imports: [WorkspacesModule],
  providers: [RoleMappingsService, RoleMappingsResolver],
  exports: [RoleMappingsService],
})
export class RoleMappingsModule {}
