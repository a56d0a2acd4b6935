import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ApiTokensResolver } from './api-tokens.resolver';
import { ApiTokensService } from './api-tokens.service';
import { LoginService } from './login.service';
import { MembersResolver } from './members.resolver';
import { SessionKeyService } from './session-key.service';
import { SessionResolver } from './session.resolver';
import { SessionsService } from './sessions.service';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/** Users, memberships, password sign-in, session tokens (also for SSO sign-in) and admin API tokens. */
@Module({
  imports: [WorkspacesModule],
  providers: [
    SessionKeyService,
    SessionsService,
    ApiTokensService,
    UsersService,
    LoginService,
    SessionResolver,
    UsersResolver,
    MembersResolver,
    ApiTokensResolver,
  ],
  exports: [SessionsService, ApiTokensService, UsersService],
})
export class IdentityModule {}
