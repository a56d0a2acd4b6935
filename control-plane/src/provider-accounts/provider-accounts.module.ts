import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ProviderAccountsResolver } from './provider-accounts.resolver';
import { ProviderAccountsService } from './provider-accounts.service';

@Module({
  imports: [WorkspacesModule],
  providers: [ProviderAccountsService, ProviderAccountsResolver],
  exports: [ProviderAccountsService],
})
export class ProviderAccountsModule {}
