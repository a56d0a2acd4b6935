import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OidcSettingsDto } from './dtos/oidc-settings.dto';
import { SetOidcSettingsInput } from './dtos/oidc-settings.inputs';
import { OidcClientService } from './oidc-client.service';
import { OidcSettingsService, type EffectiveOidcSettings } from './oidc-settings.service';

function toDto(s: EffectiveOidcSettings): OidcSettingsDto {
  return {
    source: s.source,
    enabled: s.enabled,
    issuer: s.issuer,
    clientId: s.clientId,
    hasClientSecret: s.clientSecret !== null,
    redirectUri: s.redirectUri,
    scopes: s.scopes,
    defaultWorkspaceId: s.defaultWorkspaceId,
    defaultRole: s.defaultRole,
    allowedEmailDomains: s.allowedEmailDomains,
    groupsClaim: s.groupsClaim,
    postLoginRedirect: s.postLoginRedirect,
    updatedAt: s.updatedAt,
  };
}

@Roles(Role.InstallationAdmin)
@Resolver(() => OidcSettingsDto)
export class OidcSettingsResolver {
  constructor(
    private readonly settings: OidcSettingsService,
    private readonly client: OidcClientService,
  ) {}

  @Query(() => OidcSettingsDto, {
    nullable: true,
    description: 'Null when single sign-on is not configured.',
  })
  async oidcSettings(): Promise<OidcSettingsDto | null> {
    const current = await this.settings.current();
    return current ? toDto(current) : null;
  }

  @Mutation(() => OidcSettingsDto, { description: 'Saved settings take precedence over SWITCHYARD_OIDC_*.' })
  async setOidcSettings(@Args('input') input: SetOidcSettingsInput): Promise<OidcSettingsDto> {
    const saved = toDto(await this.settings.set(input));
    this.client.forget();
    return saved;
  }

  @Mutation(() => Boolean, {
    description: 'Forgets saved settings; SWITCHYARD_OIDC_* (if set) applies again.',
  })
  async clearOidcSettings(): Promise<boolean> {
    const cleared = await this.settings.clear();
    this.client.forget();
    return cleared;
  }
}
