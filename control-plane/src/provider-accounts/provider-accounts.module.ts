import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ProviderAccountsResolver } from './provider-accounts.resolver';
import { ProviderAccountsService } from './provider-accounts.service';
import { ProviderConnectionService } from './provider-connection.service';

@Module({
  imports: [WorkspacesModule],
  providers: [ProviderAccountsService, ProviderConnectionService, ProviderAccountsResolver],
  exports: [ProviderAccountsService],
})
export class ProviderAccountsModule {}
