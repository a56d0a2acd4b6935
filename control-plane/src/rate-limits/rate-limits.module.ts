import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RateLimitsResolver } from './rate-limits.resolver';
import { RateLimitUsageService } from './rate-limit-usage.service';
import { RateLimitsService } from './rate-limits.service';

@Module({
  imports: [WorkspacesModule],
  providers: [RateLimitsService, RateLimitUsageService, RateLimitsResolver],
  exports: [RateLimitsService],
})
export class RateLimitsModule {}
