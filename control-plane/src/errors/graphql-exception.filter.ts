import { ArgumentsHost, Catch, Inject } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import type { Logger } from 'pino';
import { PINO_LOGGER } from '../logging/logging.module';
import { toGraphQLError } from './graphql-errors';

/** Installed globally: GraphQL errors go through `toGraphQLError`; HTTP keeps Nest's default handling. */
@Catch()
export class GraphqlExceptionFilter extends BaseExceptionFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    super(adapterHost.httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    const error = toGraphQLError(exception);
    if (error.extensions.code === 'INTERNAL_SERVER_ERROR') {
      this.logger.error({ err: exception }, 'resolver failed');
    }
    return error;
  }
}
