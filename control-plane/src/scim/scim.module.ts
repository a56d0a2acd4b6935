import { Module } from '@nestjs/common';
import { ScimController } from './scim.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimTokenGuard, ScimExceptionFilter } from './scim-http';
import { ScimTokensResolver } from './scim-tokens.resolver';
import { ScimTokensService } from './scim-tokens.service';
import { ScimUsersService } from './scim-users.service';

/** SCIM 2.0 provisioning at /scim/v2 and its bearer tokens in GraphQL. */
@Module({
  controllers: [ScimController],
  providers: [
    ScimTokensService,
    ScimTokensResolver,
    ScimUsersService,
    ScimGroupsService,
    ScimTokenGuard,
    ScimExceptionFilter,
  ],
  exports: [ScimTokensService],
})
export class ScimModule {}
