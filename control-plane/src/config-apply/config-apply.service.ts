import { Injectable } from '@nestjs/common';
import { canonicalJson, hashKeySecret } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { keyPrefix } from '../crypto/key-secret';
import { CredentialsVault } from '../crypto/credentials-vault.service';
import { applyMcpServers } from '../mcp-servers/mcp-config-apply';
import { applyGuardrails } from '../guardrails/guardrail-config-apply';
import { applyRateLimits } from '../rate-limits/rate-limit-config-apply';
import { applyPrompts } from '../prompts/prompt-config-apply';
import { PromptsService } from '../prompts/prompts.service';
import { applyGroupRoles } from '../role-mappings/role-mapping-config-apply';
import { applyBudgets } from '../budgets/budget-config-apply';
import { BudgetsService } from '../budgets/budgets.service';
import { McpServersService } from '../mcp-servers/mcp-servers.service';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { ModelPriceEntity } from '../model-prices/model-price.entity';
import { ModelPricesService } from '../model-prices/model-prices.service';
import {
  checkProviderOptions,
  mergeCredentials,
  resolveBaseUrl,
  sameCredentials,
} from '../provider-accounts/provider-config';
import { ProviderAccountsService } from '../provider-accounts/provider-accounts.service';
import { buildRouteSpec } from '../routes/route-spec';
import { RouteEntity } from '../routes/route.entity';
import { RoutesService } from '../routes/routes.service';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { VirtualKeyException } from '../virtual-keys/virtual-key.exception';
import { VirtualKeysService } from '../virtual-keys/virtual-keys.service';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { slugTaken } from '../workspaces/workspaces.service';
import { uniqueViolation } from '../database/postgres-errors';
import { checkConfigConsistency } from './config-consistency';
import { resolveRouteNames, sameRouteSpec } from './config-routes';
import { invalidConfig } from './config-apply.exception';
import type {
  ApplyConfigInput,
  KeyConfigInput,
  ModelPriceConfigInput,
  ProviderConfigInput,
  RouteConfigInput,
  WorkspaceConfigInput,
} from './dtos/apply-config.input';
import {
  ConfigChangeAction,
  type ApplyConfigResultDto,
  type ConfigChangeDto,
  type GeneratedKeyDto,
} from './dtos/apply-config.result';
import type { ApplyNote } from './apply-note';

/** What one apply did, collected as it goes. */
class ApplyLog {
  readonly changes: ConfigChangeDto[] = [];
  readonly generatedKeys: GeneratedKeyDto[] = [];

  note(kind: string, workspace: string, name: string, action: ConfigChangeAction): void {
    this.changes.push({ kind, workspace, name, action });
  }
}

/**
 * Applies declarative config: an idempotent upsert by natural keys, in one transaction,
 * then one snapshot. Objects not named in the config are left alone; applying the same
 * config twice reports everything unchanged and produces no new snapshot version.
 */
@Injectable()
export class ConfigApplyService {
  constructor(
    private readonly changes: ConfigChangeRunner,
    private readonly vault: CredentialsVault,
    private readonly providers: ProviderAccountsService,
    private readonly routes: RoutesService,
    private readonly keys: VirtualKeysService,
    private readonly prices: ModelPricesService,
    private readonly mcpServers: McpServersService,
    private readonly prompts: PromptsService,
    private readonly budgets: BudgetsService,
  ) {}

  async apply(input: ApplyConfigInput): Promise<ApplyConfigResultDto> {
    checkConfigConsistency(input);
    const { result: log, snapshot } = await this.changes.runWithSnapshot(async (manager) => {
      const log = new ApplyLog();
      for (const workspace of input.workspaces) await this.applyWorkspace(manager, workspace, log);
      return log;
    });
    return {
      changes: log.changes,
      generatedKeys: log.generatedKeys,
      snapshotVersion: Number(snapshot.version),
    };
  }

  private async applyWorkspace(
    manager: EntityManager,
    spec: WorkspaceConfigInput,
    log: ApplyLog,
  ): Promise<void> {
    let workspace = await manager.findOne(WorkspaceEntity, { where: { slug: spec.slug } });
    if (!workspace) {
      workspace = await this.saveWorkspace(
        manager,
        manager.create(WorkspaceEntity, {
          id: randomUUID(),
          slug: spec.slug,
          name: spec.name,
          logPayloads: spec.logPayloads ?? false,
        }),
      );
      log.note('workspace', spec.slug, spec.slug, ConfigChangeAction.created);
    } else if (workspace.name !== spec.name || workspace.logPayloads !== (spec.logPayloads ?? false)) {
      workspace.name = spec.name;
      workspace.logPayloads = spec.logPayloads ?? false;
      await manager.save(workspace);
      log.note('workspace', spec.slug, spec.slug, ConfigChangeAction.updated);
    } else {
      log.note('workspace', spec.slug, spec.slug, ConfigChangeAction.unchanged);
    }
    for (const provider of spec.providers ?? []) await this.applyProvider(manager, workspace, provider, log);
    await this.applyRoutes(manager, workspace, spec.routes ?? [], log);
    for (const price of spec.modelPrices ?? []) await this.applyModelPrice(manager, workspace, price, log);
    for (const key of spec.keys ?? []) await this.applyKey(manager, workspace, key, log);
    // The other features' appliers name the action by its string.
    const note: ApplyNote = (kind, ws, name, action) => log.note(kind, ws, name, ConfigChangeAction[action]);
    await applyMcpServers(manager, workspace, spec.mcpServers ?? [], this.mcpServers, note);
    await applyGuardrails(manager, workspace, spec.guardrails ?? [], this.vault, note);
    if (spec.rateLimits) await applyRateLimits(manager, workspace, spec.rateLimits, note);
    await applyPrompts(manager, workspace, spec.prompts ?? [], this.prompts, note);
    await applyGroupRoles(manager, workspace, spec.groupRoles ?? [], note);
    await applyBudgets(manager, workspace, spec.budgets ?? [], this.budgets, note);
  }

  private async applyProvider(
    manager: EntityManager,
    ws: WorkspaceEntity,
    spec: ProviderConfigInput,
    log: ApplyLog,
  ): Promise<void> {
    const baseUrl = resolveBaseUrl(spec.kind, spec.baseUrl, spec.options);
    const options = checkProviderOptions(spec.kind, spec.options);
    // Declared credentials are the whole set: a field not declared is not stored.
    const credentials = mergeCredentials({}, spec);
    const existing = await manager.findOne(ProviderAccountEntity, {
      where: { workspaceId: ws.id, name: spec.name },
    });
    if (!existing) {
      const id = randomUUID();
      await this.providers.save(
        manager,
        manager.create(ProviderAccountEntity, {
          id,
          workspaceId: ws.id,
          name: spec.name,
          kind: spec.kind,
          baseUrl,
          options,
          credentialsSealed: credentials ? this.vault.sealAtRest(id, credentials) : null,
        }),
      );
      log.note('provider', ws.slug, spec.name, ConfigChangeAction.created);
      return;
    }
    // Sealing is deterministic, but compare plaintexts so a master-key rotation is not a change.
    const sameSecrets = sameCredentials(this.providers.storedCredentials(existing), credentials);
    const sameOptions = canonicalJson(existing.options) === canonicalJson(options);
    if (existing.kind === spec.kind && existing.baseUrl === baseUrl && sameOptions && sameSecrets) {
      log.note('provider', ws.slug, spec.name, ConfigChangeAction.unchanged);
      return;
    }
    existing.kind = spec.kind;
    existing.baseUrl = baseUrl;
    existing.options = options;
    if (!sameSecrets)
      existing.credentialsSealed = credentials ? this.vault.sealAtRest(existing.id, credentials) : null;
    await this.providers.save(manager, existing);
    log.note('provider', ws.slug, spec.name, ConfigChangeAction.updated);
  }

  /**
   * Routes in two passes, so targets may name routes declared later in the file: first
   * every declared alias gets a row, then each route's settings are resolved and written
   * (nesting is checked on each write, cycles included).
   */
  private async applyRoutes(
    manager: EntityManager,
    ws: WorkspaceEntity,
    specs: RouteConfigInput[],
    log: ApplyLog,
  ): Promise<void> {
    const routes = await manager.find(RouteEntity, { where: { workspaceId: ws.id } });
    const byAlias = new Map(routes.map((r) => [r.alias, r]));
    const created = new Set<string>();
    for (const spec of specs) {
      if (byAlias.has(spec.alias)) continue;
      const route = await this.routes.save(
        manager,
        manager.create(RouteEntity, {
          id: randomUUID(),
          workspaceId: ws.id,
          alias: spec.alias,
          strategy: spec.strategy ?? 'single',
        }),
      );
      byAlias.set(spec.alias, route);
      created.add(spec.alias);
    }
    const providers = await manager.find(ProviderAccountEntity, {
      where: { workspaceId: ws.id },
      select: { id: true, name: true },
    });
    const providerIds = new Map(providers.map((p) => [p.name, p.id]));
    for (const spec of specs) {
      const route = byAlias.get(spec.alias)!;
      const desired = buildRouteSpec(resolveRouteNames(ws.slug, spec, providerIds, byAlias));
      if (!created.has(spec.alias)) {
        const [current] = await this.routes.views(manager, [route]);
        if (sameRouteSpec(current.spec, desired)) {
          log.note('route', ws.slug, spec.alias, ConfigChangeAction.unchanged);
          continue;
        }
      }
      await this.routes.write(manager, route, desired);
      log.note(
        'route',
        ws.slug,
        spec.alias,
        created.has(spec.alias) ? ConfigChangeAction.created : ConfigChangeAction.updated,
      );
    }
  }

  private async applyModelPrice(
    manager: EntityManager,
    ws: WorkspaceEntity,
    spec: ModelPriceConfigInput,
    log: ApplyLog,
  ): Promise<void> {
    const name = `${spec.providerKind}/${spec.model}`;
    const fields = {
      inputPerMTok: String(spec.inputPerMTok),
      outputPerMTok: String(spec.outputPerMTok),
      cachedInputPerMTok: spec.cachedInputPerMTok == null ? null : String(spec.cachedInputPerMTok),
      contextWindow: spec.contextWindow ?? null,
    };
    const existing = await manager.findOne(ModelPriceEntity, {
      where: { workspaceId: ws.id, providerKind: spec.providerKind, model: spec.model },
    });
    if (!existing) {
      await this.prices.save(
        manager,
        manager.create(ModelPriceEntity, {
          id: randomUUID(),
          workspaceId: ws.id,
          providerKind: spec.providerKind,
          model: spec.model,
          ...fields,
        }),
      );
      log.note('modelPrice', ws.slug, name, ConfigChangeAction.created);
      return;
    }
    const same = (Object.keys(fields) as Array<keyof typeof fields>).every(
      (k) => String(existing[k]) === String(fields[k]),
    );
    if (same) {
      log.note('modelPrice', ws.slug, name, ConfigChangeAction.unchanged);
      return;
    }
    Object.assign(existing, fields);
    await this.prices.save(manager, existing);
    log.note('modelPrice', ws.slug, name, ConfigChangeAction.updated);
  }

  private async applyKey(
    manager: EntityManager,
    ws: WorkspaceEntity,
    spec: KeyConfigInput,
    log: ApplyLog,
  ): Promise<void> {
    const allowedRouteIds = await this.resolveAliases(manager, ws, spec);
    const cache = await this.keyCache(manager, ws, spec);
    const expiresAt = spec.expiresAt ?? null;
    const existing = await manager.findOne(VirtualKeyEntity, {
      where: { workspaceId: ws.id, name: spec.name },
    });
    if (!existing) {
      const { secret } = await this.keys.insert(manager, {
        workspaceId: ws.id,
        name: spec.name,
        expiresAt,
        allowedRouteIds,
        cache,
        secret: spec.secret,
      });
      if (!spec.secret) log.generatedKeys.push({ workspace: ws.slug, name: spec.name, secret });
      log.note('key', ws.slug, spec.name, ConfigChangeAction.created);
      return;
    }
    // Without a declared secret an existing key keeps its own: secrets are never re-generated.
    const rotated = spec.secret !== undefined && hashKeySecret(spec.secret) !== existing.keyHash;
    const sameExpiry = (existing.expiresAt?.getTime() ?? null) === (expiresAt?.getTime() ?? null);
    const sameRoutes = JSON.stringify(existing.allowedRouteIds) === JSON.stringify(allowedRouteIds);
    const sameCache = canonicalJson(existing.cache) === canonicalJson(cache);
    if (!rotated && sameExpiry && sameRoutes && sameCache) {
      log.note('key', ws.slug, spec.name, ConfigChangeAction.unchanged);
      return;
    }
    if (rotated && spec.secret) {
      existing.keyHash = hashKeySecret(spec.secret);
      existing.prefix = keyPrefix(spec.secret);
    }
    existing.expiresAt = expiresAt;
    existing.allowedRouteIds = allowedRouteIds;
    existing.cache = cache;
    await this.keys.save(manager, existing);
    log.note('key', ws.slug, spec.name, ConfigChangeAction.updated);
  }

  /** A key's declared cache settings in the snapshot's shape, the embedder named by provider name. */
  private async keyCache(manager: EntityManager, ws: WorkspaceEntity, spec: KeyConfigInput) {
    if (!spec.cache) return null;
    const where = `workspaces[${ws.slug}].keys[${spec.name}].cache`;
    const { embedder, ...settings } = spec.cache;
    let providerId: string | undefined;
    if (embedder?.provider) {
      const provider = await manager.findOne(ProviderAccountEntity, {
        where: { workspaceId: ws.id, name: embedder.provider },
      });
      if (!provider)
        throw invalidConfig(`${where}.embedder: no provider "${embedder.provider}" in workspace ${ws.slug}`);
      providerId = provider.id;
    }
    try {
      return await this.keys.checkCache(manager, ws.id, {
        ...settings,
        ...(embedder ? { embedder: { providerId, model: embedder.model } } : {}),
      });
    } catch (err) {
      if (!(err instanceof VirtualKeyException)) throw err;
      throw invalidConfig(`${where}: ${err.message}`);
    }
  }

  /** Route aliases to sorted ids (null = every route), refusing aliases the workspace does not have. */
  private async resolveAliases(
    manager: EntityManager,
    ws: WorkspaceEntity,
    spec: KeyConfigInput,
  ): Promise<string[] | null> {
    if (!spec.allowedRoutes) return null;
    const routes = await manager.find(RouteEntity, {
      where: { workspaceId: ws.id },
      select: { id: true, alias: true },
    });
    const idByAlias = new Map(routes.map((r) => [r.alias, r.id]));
    const ids = spec.allowedRoutes.map((alias) => {
      const id = idByAlias.get(alias);
      if (!id)
        throw invalidConfig(
          `workspaces[${ws.slug}].keys[${spec.name}].allowedRoutes: no route "${alias}" in workspace ${ws.slug}`,
        );
      return id;
    });
    return [...new Set(ids)].sort();
  }

  private async saveWorkspace(manager: EntityManager, workspace: WorkspaceEntity): Promise<WorkspaceEntity> {
    try {
      return await manager.save(workspace);
    } catch (error) {
      if (uniqueViolation(error)) throw slugTaken(workspace.slug);
      throw error;
    }
  }
}
