import { Global, Module } from '@nestjs/common';
import { McpCredentialsVault } from '../mcp-servers/mcp-credentials-vault';
import { CredentialsVault } from './credentials-vault.service';

@Global()
@Module({
  providers: [CredentialsVault, McpCredentialsVault],
  exports: [CredentialsVault, McpCredentialsVault],
})
export class CryptoModule {}
