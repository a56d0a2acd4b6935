import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { AuthService } from './auth.service';
import { Role, canAccessWorkspace, hasRole, type Principal } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Request with the principal the guard resolved, for `@CurrentPrincipal()`. */
export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

/**
 * Installed globally: every GraphQL resolver needs a principal with a required role; HTTP
 * handlers must be marked `@Public()`. Workspace-scoped arguments (`workspaceId`, or
 * `input.workspaceId`) are checked against the principal's workspace scope.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getType<GqlContextType>() !== 'graphql') {
      return this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    }
    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<{ req: AuthenticatedRequest }>().req;
    const principal = this.auth.resolvePrincipal(req.headers.authorization);
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [Role.InstallationAdmin];
    if (!hasRole(principal, roles)) {
      throw new AuthException('Your role does not allow this operation', AuthExceptionCode.FORBIDDEN);
    }
    const workspaceId = scopedWorkspaceId(gql.getArgs());
    if (workspaceId && !canAccessWorkspace(principal, workspaceId)) {
      throw new AuthException('You have no access to this workspace', AuthExceptionCode.FORBIDDEN);
    }
    return true;
  }
}

function scopedWorkspaceId(args: Record<string, unknown>): string | undefined {
  const input = args.input as Record<string, unknown> | undefined;
  const id = args.workspaceId ?? input?.workspaceId;
  return typeof id === 'string' ? id : undefined;
}
