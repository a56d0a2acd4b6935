import { Global, Module } from '@nestjs/common';
import { CredentialsVault } from './credentials-vault.service';

@Global()
@Module({ providers: [CredentialsVault], exports: [CredentialsVault] })
export class CryptoModule {}
