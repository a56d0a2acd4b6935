import { SetMetadata } from '@nestjs/common';
import { Role } from './principal';

export const ROLES_KEY = 'switchyard:roles';
export const PUBLIC_KEY = 'switchyard:public';
export const UNSCOPED_KEY = 'switchyard:unscoped';
export const WORKSPACE_ARG_KEY = 'switchyard:workspace-arg';
export const NO_API_TOKEN_KEY = 'switchyard:no-api-token';
export const SESSION_ONLY_KEY = 'switchyard:session-only';

/**
 * The least role a resolver needs IN THE WORKSPACE the operation is scoped to (its
 * `workspaceId` argument or `input.workspaceId`). An operation without a workspace id needs
 * an installation admin unless it is `@Unscoped()`. Without `@Roles`, only installation admins may.
 */
export const Roles = (least: Role) => SetMetadata(ROLES_KEY, least);

/**
 * When no workspace id is given, any signed-in principal may call it (the resolver returns
 * only what that principal may see). When one is given, `@Roles` applies in that workspace.
 */
export const Unscoped = () => SetMetadata(UNSCOPED_KEY, true);

/** The workspace id is in this argument (or `input.<name>`) rather than `workspaceId` (workspace's own `id`). */
export const WorkspaceIdArg = (name: string) => SetMetadata(WORKSPACE_ARG_KEY, name);

/** API tokens may not call it (e.g. minting more tokens), whatever their role. */
export const NoApiToken = () => SetMetadata(NO_API_TOKEN_KEY, true);

/** Only a signed-in user (a session token) may call it: logout, password change. */
export const SessionOnly = () => SetMetadata(SESSION_ONLY_KEY, true);

/** An HTTP handler or the `login` mutation: needs no principal. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
