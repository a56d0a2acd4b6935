import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { openSecret, sealSecret } from '@switchyard/proto';
import { DataSource } from 'typeorm';
import type { WorkspaceRole } from '../auth/principal';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { SetOidcSettingsInput } from './dtos/oidc-settings.inputs';
import { DEFAULT_OIDC_SCOPES, domainList, scopeList } from './oidc-env';
import { OidcException, OidcExceptionCode } from './oidc.exception';
import { OidcSettingsEntity } from './oidc-settings.entity';

const SECRET_CONTEXT = 'oidc:client-secret';

/** The settings a sign-in uses, wherever they came from; the client secret in the clear. */
export interface EffectiveOidcSettings {
  source: 'database' | 'environment';
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  scopes: string[];
  defaultWorkspaceId: string | null;
  defaultRole: WorkspaceRole | null;
  allowedEmailDomains: string[];
  groupsClaim: string | null;
  postLoginRedirect: string;
  updatedAt: Date | null;
}

/** OIDC settings: saved through GraphQL (one row), else from SWITCHYARD_OIDC_*, else none. */
@Injectable()
export class OidcSettingsService {
  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
  ) {}

  async current(): Promise<EffectiveOidcSettings | null> {
    const row = await this.dataSource.manager.findOne(OidcSettingsEntity, { where: { id: 1 } });
    if (row) {
      return {
        source: 'database',
        enabled: row.enabled,
        issuer: row.issuer,
        clientId: row.clientId,
        clientSecret: row.clientSecretSealed
          ? openSecret(this.config.masterKey, SECRET_CONTEXT, row.clientSecretSealed)
          : null,
        redirectUri: row.redirectUri,
        scopes: row.scopes.split(' '),
        defaultWorkspaceId: row.defaultWorkspaceId,
        defaultRole: row.defaultWorkspaceId ? row.defaultRole : null,
        allowedEmailDomains: row.allowedEmailDomains,
        groupsClaim: row.groupsClaim,
        postLoginRedirect: row.postLoginRedirect,
        updatedAt: row.updatedAt,
      };
    }
    const env = this.config.oidc;
    if (!env) return null;
    const workspace = env.defaultWorkspaceSlug
      ? await this.dataSource.manager.findOne(WorkspaceEntity, { where: { slug: env.defaultWorkspaceSlug } })
      : null;
    return {
      source: 'environment',
      enabled: true,
      issuer: env.issuer,
      clientId: env.clientId,
      clientSecret: env.clientSecret,
      redirectUri: env.redirectUri,
      scopes: env.scopes,
      defaultWorkspaceId: workspace?.id ?? null,
      defaultRole: workspace ? env.defaultRole : null,
      allowedEmailDomains: env.allowedEmailDomains,
      groupsClaim: env.groupsClaim,
      postLoginRedirect: env.postLoginRedirect,
      updatedAt: null,
    };
  }

  /** Saves the settings (they then win over the environment); an omitted client secret keeps the saved one. */
  async set(input: SetOidcSettingsInput): Promise<EffectiveOidcSettings> {
    if ((input.defaultRole == null) !== (input.defaultWorkspaceId == null)) {
      throw new OidcException(
        'defaultRole and defaultWorkspaceId go together',
        OidcExceptionCode.INVALID_SETTINGS,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      if (input.defaultWorkspaceId) await this.workspaces.get(input.defaultWorkspaceId, manager);
      const existing = await manager.findOne(OidcSettingsEntity, { where: { id: 1 } });
      const secret =
        input.clientSecret === undefined
          ? (existing?.clientSecretSealed ?? null)
          : input.clientSecret === null || input.clientSecret === ''
            ? null
            : sealSecret(this.config.masterKey, SECRET_CONTEXT, input.clientSecret);
      await manager.save(
        manager.create(OidcSettingsEntity, {
          id: 1,
          enabled: input.enabled ?? true,
          issuer: input.issuer,
          clientId: input.clientId,
          clientSecretSealed: secret,
          redirectUri: input.redirectUri,
          scopes: scopeList((input.scopes ?? DEFAULT_OIDC_SCOPES).join(' ')).join(' '),
          defaultWorkspaceId: input.defaultWorkspaceId ?? null,
          defaultRole: input.defaultRole ?? null,
          allowedEmailDomains: domainList((input.allowedEmailDomains ?? []).join(' ')),
          groupsClaim: input.groupsClaim ?? null,
          postLoginRedirect: input.postLoginRedirect ?? '/',
        }),
      );
    });
    return (await this.current())!;
  }

  /** Forgets the saved settings: sign-in falls back to SWITCHYARD_OIDC_* (or is off). */
  async clear(): Promise<boolean> {
    const result = await this.dataSource.manager.delete(OidcSettingsEntity, { id: 1 });
    return (result.affected ?? 0) > 0;
  }
}
