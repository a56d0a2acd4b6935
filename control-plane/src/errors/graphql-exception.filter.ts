import { ArgumentsHost, Catch, Inject } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { Logger } from 'pino';
import { AuditRecorder, alreadyRecorded } from '../audit/audit-recorder.service';
import { mutationAuditContext } from '../audit/audit.interceptor';
import type { AuditedRequest } from '../audit/audit-request';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PINO_LOGGER } from '../logging/logging.module';
import { isScimRequest, sendScimError } from '../scim/scim-http';
import { toGraphQLError } from './graphql-errors';

/** Installed globally: GraphQL errors go through `toGraphQLError`; SCIM paths answer SCIM errors; other HTTP keeps Nest's default handling. */
@Catch()
export class GraphqlExceptionFilter extends BaseExceptionFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {
    super(adapterHost.httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() !== 'graphql') {
      // Errors raised before a SCIM handler runs (a body that is not JSON, an unknown path).
      const http = host.switchToHttp();
      if (isScimRequest(http.getRequest<IncomingMessage>())) {
        return sendScimError(http.getResponse<ServerResponse>(), exception, this.logger);
      }
      return super.catch(exception, host);
    }
    const error = toGraphQLError(exception);
    if (error.extensions.code === 'INTERNAL_SERVER_ERROR') {
      this.logger.error({ err: exception }, 'resolver failed');
    }
    return this.recordRefusal(exception, host, error);
  }

  /**
   * A mutation the guard refused never reached the audit interceptor: record it here, when
   * the caller is known (an unauthenticated call has no one to attribute it to).
   */
  private async recordRefusal(exception: unknown, host: ArgumentsHost, error: GraphQLError) {
    if (alreadyRecorded(exception)) return error;
    const gql = GqlArgumentsHost.create(host);
    const req = gql.getContext<{ req?: AuditedRequest } | undefined>()?.req;
    if (!req?.principal) return error;
    const ctx = mutationAuditContext(gql.getInfo<GraphQLResolveInfo>(), req, gql.getArgs(), false);
    if (ctx) await this.audit.recordFailure(ctx, exception);
    return error;
  }
}
