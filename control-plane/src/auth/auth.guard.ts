import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { AuthService } from './auth.service';
import { Role, roleAtLeast, roleIn, type Principal } from './principal';
import {
  NO_API_TOKEN_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  SESSION_ONLY_KEY,
  UNSCOPED_KEY,
  WORKSPACE_ARG_KEY,
} from './roles.decorator';

/** Request with the principal the guard resolved, for `@CurrentPrincipal()`. */
export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

/**
 * Installed globally: every GraphQL resolver needs a principal holding its least role
 * (`@Roles`) in the workspace the operation is scoped to (`workspaceId` or
 * `input.workspaceId`, or the argument named by `@WorkspaceIdArg`). Operations without a
 * workspace id need an installation admin unless `@Unscoped()`. HTTP handlers must be `@Public()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const meta = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, targets);
    if (meta<boolean>(PUBLIC_KEY) === true) return true;
    if (context.getType<GqlContextType>() !== 'graphql') return false;

    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<{ req: AuthenticatedRequest }>().req;
    const principal = await this.auth.resolvePrincipal(req.headers.authorization);
    req.principal = principal;

    if (meta<boolean>(SESSION_ONLY_KEY) && principal.kind !== 'user') {
      throw forbidden('Only a signed-in user can do this (not an API token or the admin token)');
    }
    if (meta<boolean>(NO_API_TOKEN_KEY) && principal.kind === 'api-token') {
      throw forbidden('API tokens cannot do this; sign in as a user');
    }
    const least = meta<Role>(ROLES_KEY) ?? Role.InstallationAdmin;
    if (principal.installationAdmin) return true;
    if (least === Role.InstallationAdmin) {
      throw forbidden('Only installation admins can do this');
    }
    const workspaceId = scopedWorkspaceId(gql.getArgs(), meta<string>(WORKSPACE_ARG_KEY) ?? 'workspaceId');
    if (workspaceId === undefined) {
      if (meta<boolean>(UNSCOPED_KEY)) return true;
      throw forbidden('This operation is not scoped to a workspace: only installation admins can do it');
    }
    const held = roleIn(principal, workspaceId);
    if (held === null) throw forbidden('You have no access to this workspace');
    if (!roleAtLeast(held, least)) {
      throw forbidden(`Your role in this workspace (${held}) does not allow this; it needs ${least}`);
    }
    return true;
  }
}

function forbidden(message: string): AuthException {
  return new AuthException(message, AuthExceptionCode.FORBIDDEN);
}

function scopedWorkspaceId(args: Record<string, unknown>, name: string): string | undefined {
  const input = args.input as Record<string, unknown> | undefined;
  const id = args[name] ?? input?.[name];
  return typeof id === 'string' ? id : undefined;
}
