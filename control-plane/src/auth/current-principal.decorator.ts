import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuthenticatedRequest } from './auth.guard';
import type { Principal } from './principal';

/** The principal the global guard resolved for this GraphQL request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const req = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  if (!req.principal) throw new Error('no principal: the resolver is public or the guard did not run');
  return req.principal;
});
