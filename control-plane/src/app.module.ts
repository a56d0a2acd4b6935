import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { ConfigApplyModule } from './config-apply/config-apply.module';
import { ConfigModule } from './config/config.module';
import type { ControlPlaneConfig } from './config/env';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { queryLimitsRule, supportedOperationsRule } from './common/query-limits.rule';
import { formatGraphQLError } from './errors/format-error';
import { GraphqlExceptionFilter } from './errors/graphql-exception.filter';
import { inputExceptionFromValidation } from './errors/input.exception';
import { GuardrailsModule } from './guardrails/guardrails.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { LoggingModule } from './logging/logging.module';
import { McpServersModule } from './mcp-servers/mcp-servers.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelPricesModule } from './model-prices/model-prices.module';
import { NodesModule } from './nodes/nodes.module';
import { PromptsModule } from './prompts/prompts.module';
import { ProviderAccountsModule } from './provider-accounts/provider-accounts.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { OidcModule } from './oidc/oidc.module';
import { RoleMappingsModule } from './role-mappings/role-mappings.module';
import { RoutesModule } from './routes/routes.module';
import { ScimModule } from './scim/scim.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { UsageModule } from './usage/usage.module';
import { VirtualKeysModule } from './virtual-keys/virtual-keys.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

@Module({})
export class AppModule {
  static forRoot(config: ControlPlaneConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphQLError,
          validationRules: [supportedOperationsRule, queryLimitsRule],
          // Nothing sends persisted queries; off, they are refused with a client error code.
          persistedQueries: false,
        }),
        CryptoModule,
        AuthModule,
        AuditModule,
        IdentityModule,
        SnapshotsModule,
        WorkspacesModule,
        ProviderAccountsModule,
        RoutesModule,
        VirtualKeysModule,
        BudgetsModule,
        ModelPricesModule,
        McpServersModule,
        GuardrailsModule,
        RateLimitsModule,
        PromptsModule,
        UsageModule,
        NodesModule,
        TelemetryModule,
        ConfigApplyModule,
        HealthModule,
        MetricsModule,
        RoleMappingsModule,
        ScimModule,
        OidcModule,
      ],
      providers: [
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            whitelist: true,
            exceptionFactory: inputExceptionFromValidation,
          }),
        },
        { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
      ],
    };
  }
}
