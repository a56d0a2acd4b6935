import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception';
import { ConfigApplyException, ConfigApplyExceptionCode } from '../config-apply/config-apply.exception';
import { ModelPriceException, ModelPriceExceptionCode } from '../model-prices/model-price.exception';
import {
  ProviderAccountException,
  ProviderAccountExceptionCode,
} from '../provider-accounts/provider-account.exception';
import { RouteException, RouteExceptionCode } from '../routes/route.exception';
import { SnapshotException, SnapshotExceptionCode } from '../snapshots/snapshot.exception';
import { UsageException, UsageExceptionCode } from '../usage/usage.exception';
import { VirtualKeyException, VirtualKeyExceptionCode } from '../virtual-keys/virtual-key.exception';
import { WorkspaceException, WorkspaceExceptionCode } from '../workspaces/workspace.exception';
import { McpServerException, McpServerExceptionCode } from '../mcp-servers/mcp-server.exception';
import { GuardrailException, GuardrailExceptionCode } from '../guardrails/guardrail.exception';
import { AuditException, AuditExceptionCode } from '../audit/audit.exception';
import { RateLimitException, RateLimitExceptionCode } from '../rate-limits/rate-limit.exception';
import { PromptException, PromptExceptionCode } from '../prompts/prompt.exception';
import { IdentityException, IdentityExceptionCode } from '../identity/identity.exception';
import { RoleMappingException, RoleMappingExceptionCode } from '../role-mappings/role-mapping.exception';
import { OidcException, OidcExceptionCode } from '../oidc/oidc.exception';
import { ScimConfigException, ScimConfigExceptionCode } from '../scim/scim-config.exception';
import { BudgetException, BudgetExceptionCode } from '../budgets/budget.exception';
import { InputException, InputExceptionCode } from './input.exception';
import { assertNever } from './switchyard.exception';

/** The stable public error codes, in `extensions.code`. */
export const PUBLIC_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
] as const;
export type PublicErrorCode = (typeof PUBLIC_ERROR_CODES)[number];

export type DomainException =
  | AuthException
  | InputException
  | WorkspaceException
  | ProviderAccountException
  | RouteException
  | VirtualKeyException
  | ModelPriceException
  | UsageException
  | ConfigApplyException
  | SnapshotException
  | McpServerException
  | GuardrailException
  | AuditException
  | RateLimitException
  | PromptException
  | IdentityException
  | RoleMappingException
  | ScimConfigException
  | OidcException
  | BudgetException;

type DomainCode = DomainException['code'];

const DOMAIN_EXCEPTIONS = [
  AuthException,
  InputException,
  WorkspaceException,
  ProviderAccountException,
  RouteException,
  VirtualKeyException,
  ModelPriceException,
  UsageException,
  ConfigApplyException,
  SnapshotException,
  McpServerException,
  GuardrailException,
  AuditException,
  RateLimitException,
  PromptException,
  IdentityException,
  RoleMappingException,
  ScimConfigException,
  OidcException,
  BudgetException,
];

/** Every domain code to its public code; the compiler fails here when a code is added and not mapped. */
export function publicCodeFor(code: DomainCode): PublicErrorCode {
  switch (code) {
    case AuthExceptionCode.UNAUTHENTICATED:
    case IdentityExceptionCode.LOGIN_FAILED:
    case IdentityExceptionCode.LOGIN_THROTTLED:
      return 'UNAUTHENTICATED';
    case AuthExceptionCode.FORBIDDEN:
    case IdentityExceptionCode.ROLE_NOT_ALLOWED:
      return 'FORBIDDEN';
    case WorkspaceExceptionCode.NOT_FOUND:
    case ProviderAccountExceptionCode.NOT_FOUND:
    case RouteExceptionCode.NOT_FOUND:
    case VirtualKeyExceptionCode.NOT_FOUND:
    case ModelPriceExceptionCode.NOT_FOUND:
    case McpServerExceptionCode.NOT_FOUND:
    case McpServerExceptionCode.ACCESS_NOT_FOUND:
    case GuardrailExceptionCode.NOT_FOUND:
    case GuardrailExceptionCode.ATTACHMENT_NOT_FOUND:
    case RateLimitExceptionCode.NOT_FOUND:
    case PromptExceptionCode.NOT_FOUND:
    case PromptExceptionCode.VERSION_NOT_FOUND:
    case PromptExceptionCode.LABEL_NOT_FOUND:
    case IdentityExceptionCode.USER_NOT_FOUND:
    case IdentityExceptionCode.MEMBER_NOT_FOUND:
    case IdentityExceptionCode.API_TOKEN_NOT_FOUND:
    case RoleMappingExceptionCode.NOT_FOUND:
    case ScimConfigExceptionCode.TOKEN_NOT_FOUND:
    case BudgetExceptionCode.NOT_FOUND:
      return 'NOT_FOUND';
    case InputExceptionCode.INVALID_INPUT:
    case InputExceptionCode.URL_NOT_ALLOWED:
    case ProviderAccountExceptionCode.BASE_URL_REQUIRED:
    case ProviderAccountExceptionCode.MISSING_OPTION:
    case ProviderAccountExceptionCode.INVALID_OPTIONS:
    case ProviderAccountExceptionCode.INVALID_CREDENTIALS:
    case RouteExceptionCode.UNKNOWN_PROVIDER:
    case RouteExceptionCode.UNKNOWN_ROUTE:
    case RouteExceptionCode.INVALID_TARGET:
    case RouteExceptionCode.TARGET_OUT_OF_RANGE:
    case RouteExceptionCode.INVALID_REGEX:
    case RouteExceptionCode.JUDGE_REQUIRED:
    case RouteExceptionCode.CYCLE:
    case RouteExceptionCode.TOO_DEEP:
    case RouteExceptionCode.INVALID_SETTINGS:
    case RouteExceptionCode.INVALID_CACHE:
    case VirtualKeyExceptionCode.UNKNOWN_ROUTE:
    case VirtualKeyExceptionCode.INVALID_CACHE:
    case UsageExceptionCode.INVALID_RANGE:
    case ConfigApplyExceptionCode.INVALID_CONFIG:
    case McpServerExceptionCode.INVALID_CREDENTIALS:
    case McpServerExceptionCode.UNKNOWN_KEY:
    case GuardrailExceptionCode.INVALID_CHECKS:
    case GuardrailExceptionCode.INVALID_ATTACHMENT:
    case AuditExceptionCode.INVALID_CURSOR:
    case AuditExceptionCode.INVALID_RANGE:
    case RateLimitExceptionCode.INVALID:
    case PromptExceptionCode.INVALID_SLUG:
    case PromptExceptionCode.INVALID_TEMPLATE:
    case PromptExceptionCode.INVALID_PARAMS:
    case PromptExceptionCode.INVALID_LABEL:
    case PromptExceptionCode.UNKNOWN_ROUTE:
    case IdentityExceptionCode.PASSWORD_TOO_WEAK:
    case IdentityExceptionCode.PASSWORD_INCORRECT:
    case IdentityExceptionCode.NO_PASSWORD:
    case IdentityExceptionCode.INVALID_EXPIRY:
    case OidcExceptionCode.INVALID_SETTINGS:
    case BudgetExceptionCode.INVALID:
    case BudgetExceptionCode.UNKNOWN_KEY:
      return 'BAD_USER_INPUT';
    case WorkspaceExceptionCode.SLUG_TAKEN:
    case ProviderAccountExceptionCode.NAME_TAKEN:
    case ProviderAccountExceptionCode.IN_USE:
    case RouteExceptionCode.ALIAS_TAKEN:
    case RouteExceptionCode.IN_USE:
    case VirtualKeyExceptionCode.NAME_TAKEN:
    case VirtualKeyExceptionCode.SECRET_TAKEN:
    case ModelPriceExceptionCode.TAKEN:
    case McpServerExceptionCode.SLUG_TAKEN:
    case GuardrailExceptionCode.NAME_TAKEN:
    case PromptExceptionCode.SLUG_TAKEN:
    case IdentityExceptionCode.EMAIL_TAKEN:
    case IdentityExceptionCode.ALREADY_MEMBER:
    case IdentityExceptionCode.LAST_OWNER:
    case IdentityExceptionCode.API_TOKEN_NAME_TAKEN:
    case BudgetExceptionCode.NAME_TAKEN:
      return 'CONFLICT';
    case SnapshotExceptionCode.INVALID:
      return 'INTERNAL_SERVER_ERROR';
    default:
      return assertNever(code);
  }
}

export function isDomainException(error: unknown): error is DomainException {
  return DOMAIN_EXCEPTIONS.some((type) => error instanceof type);
}

function fromHttpStatus(status: number): PublicErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status >= 400 && status < 500) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * The one mapping from anything thrown in a resolver to a GraphQL error. Unknown errors
 * become INTERNAL_SERVER_ERROR with a generic message (details go to the log, not the client).
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (isDomainException(error)) {
    return new GraphQLError(error.message, {
      extensions: { code: publicCodeFor(error.code), reason: error.code },
    });
  }
  if (error instanceof HttpException) {
    const code = fromHttpStatus(error.getStatus());
    const message = code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : error.message;
    return new GraphQLError(message, { extensions: { code } });
  }
  return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
