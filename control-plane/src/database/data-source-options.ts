import { GuardrailAttachmentEntity } from '../guardrails/guardrail-attachment.entity';
import { GuardrailPolicyEntity } from '../guardrails/guardrail-policy.entity';
import type { DataSourceOptions } from 'typeorm';
import { McpAccessEntity } from '../mcp-servers/mcp-access.entity';
import { McpServerEntity } from '../mcp-servers/mcp-server.entity';
import { MIGRATIONS } from '../migrations';
import { ModelPriceEntity } from '../model-prices/model-price.entity';
import { ProviderAccountEntity } from '../provider-accounts/provider-account.entity';
import { RouteTargetEntity } from '../routes/route-target.entity';
import { RouteEntity } from '../routes/route.entity';
import { SnapshotEntity } from '../snapshots/snapshot.entity';
import { UsageRecordEntity } from '../usage/usage-record.entity';
import { DataPlaneNodeEntity } from '../nodes/data-plane-node.entity';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

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
