import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { UsageResolver } from './usage.resolver';
import { UsageService } from './usage.service';

@Module({ imports: [WorkspacesModule], providers: [UsageService, UsageResolver], exports: [UsageService] })
export class UsageModule {}
