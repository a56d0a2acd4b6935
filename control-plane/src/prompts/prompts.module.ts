import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { PromptsResolver } from './prompts.resolver';
import { PromptsService } from './prompts.service';

@Module({
  imports: [WorkspacesModule],
  providers: [PromptsService, PromptsResolver],
  exports: [PromptsService],
})
export class PromptsModule {}
