import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { VirtualKeysResolver } from './virtual-keys.resolver';
import { VirtualKeysService } from './virtual-keys.service';

@Module({
  imports: [WorkspacesModule],
  providers: [VirtualKeysService, VirtualKeysResolver],
  exports: [VirtualKeysService],
})
export class VirtualKeysModule {}
