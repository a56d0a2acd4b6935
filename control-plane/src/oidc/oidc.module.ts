import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { OidcClientService } from './oidc-client.service';
import { OidcController } from './oidc.controller';
import { OidcLoginService } from './oidc-login.service';
import { OidcSettingsResolver } from './oidc-settings.resolver';
import { OidcSettingsService } from './oidc-settings.service';

/** OIDC single sign-on: settings in GraphQL and env, /auth/oidc/login and /auth/oidc/callback. */
@Module({
  imports: [IdentityModule, WorkspacesModule],
  controllers: [OidcController],
  providers: [OidcSettingsService, OidcClientService, OidcLoginService, OidcSettingsResolver],
  exports: [OidcSettingsService],
})
export class OidcModule {}
