import { AuditLogEntity } from '../audit/audit-log.entity';
import { BudgetEventEntity } from '../budgets/budget-event.entity';
import { BudgetEntity } from '../budgets/budget.entity';
import { GuardrailAttachmentEntity } from '../guardrails/guardrail-attachment.entity';
import { GuardrailPolicyEntity } from '../guardrails/guardrail-policy.entity';
import type { DataSourceOptions } from 'typeorm';
import { McpAccessEntity } from '../mcp-servers/mcp-access.entity';
import { McpServerEntity } from '../mcp-servers/mcp-server.entity';
import { MIGRATIONS } from '../migrations';
import { ModelPriceEntity } from '../model-prices/model-price.entity';
import { RateLimitEntity } from '../rate-limits/rate-limit.entity';
import { PromptLabelEntity } from '../prompts/prompt-label.entity';
import { PromptVersionEntity } from '../prompts/prompt-version.entity';
import { PromptEntity } from '../prompts/prompt.entity';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { RouteTargetEntity } from '../routes/route-target.entity';
import { RouteEntity } from '../routes/route.entity';
import { SnapshotEntity } from '../snapshots/snapshot.entity';
import { UsageRecordEntity } from '../usage/usage-record.entity';
import { DataPlaneNodeEntity } from '../nodes/data-plane-node.entity';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { MembershipEntity } from '../users/membership.entity';
import { UserEntity } from '../users/user.entity';
import { OidcSettingsEntity } from '../oidc/oidc-settings.entity';
import { GroupRoleMappingEntity } from '../role-mappings/group-role-mapping.entity';
import { ScimGroupEntity, ScimGroupMemberEntity } from '../scim/scim-group.entity';
import { ScimTokenEntity } from '../scim/scim-token.entity';
import { ApiTokenEntity } from '../identity/api-token.entity';
import { SessionEntity } from '../identity/session.entity';

export const ENTITIES = [
  WorkspaceEntity,
  ProviderAccountEntity,
  RouteEntity,
  RouteTargetEntity,
  VirtualKeyEntity,
  ModelPriceEntity,
  SnapshotEntity,
  UsageRecordEntity,
  DataPlaneNodeEntity,
  McpServerEntity,
  McpAccessEntity,
  GuardrailPolicyEntity,
  GuardrailAttachmentEntity,
  UserEntity,
  MembershipEntity,
  AuditLogEntity,
  RateLimitEntity,
  PromptEntity,
  PromptVersionEntity,
  PromptLabelEntity,
  ScimTokenEntity,
  ScimGroupEntity,
  ScimGroupMemberEntity,
  GroupRoleMappingEntity,
  OidcSettingsEntity,
  SessionEntity,
  ApiTokenEntity,
  BudgetEntity,
  BudgetEventEntity,
];

/** Postgres through TypeORM: schema only ever changes through migrations, never `synchronize`. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
