import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { GuardrailsResolver } from './guardrails.resolver';
import { GuardrailsService } from './guardrails.service';

@Module({
  imports: [WorkspacesModule],
  providers: [GuardrailsService, GuardrailsResolver],
  exports: [GuardrailsService],
})
export class GuardrailsModule {}
