import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception';
import { ConfigApplyExceptionCode } from '../config-apply/config-apply.exception';
import { ModelPriceExceptionCode } from '../model-prices/model-price.exception';
import { ProviderAccountExceptionCode } from '../provider-accounts/provider-account.exception';
import { RouteExceptionCode } from '../routes/route.exception';
import { SnapshotExceptionCode } from '../snapshots/snapshot.exception';
import { UsageExceptionCode } from '../usage/usage.exception';
import { VirtualKeyExceptionCode } from '../virtual-keys/virtual-key.exception';
import { WorkspaceException, WorkspaceExceptionCode } from '../workspaces/workspace.exception';
import { formatGraphQLError } from './format-error';
import { PUBLIC_ERROR_CODES, publicCodeFor, toGraphQLError } from './graphql-errors';
import { McpServerExceptionCode } from '../mcp-servers/mcp-server.exception';
import { InputExceptionCode } from './input.exception';
import { AuditExceptionCode } from '../audit/audit.exception';
import { IdentityExceptionCode } from '../identity/identity.exception';

describe('GraphQL error mapping', () => {
  it('maps every domain code to a public code', () => {
    const all = [
      AuthExceptionCode,
      InputExceptionCode,
      WorkspaceExceptionCode,
      ProviderAccountExceptionCode,
      RouteExceptionCode,
      VirtualKeyExceptionCode,
      ModelPriceExceptionCode,
      UsageExceptionCode,
      ConfigApplyExceptionCode,
      SnapshotExceptionCode,
      McpServerExceptionCode,
      AuditExceptionCode,
      IdentityExceptionCode,
    ].flatMap((e) => Object.values(e));
    expect(new Set(all).size).toBe(all.length); // codes are unique across features
    for (const code of all) expect(PUBLIC_ERROR_CODES).toContain(publicCodeFor(code));
  });

  it('keeps the message and gives the public code and the reason', () => {
    const error = toGraphQLError(
      new WorkspaceException('Workspace x not found', WorkspaceExceptionCode.NOT_FOUND),
    );
    expect(error.message).toBe('Workspace x not found');
    expect(error.extensions).toEqual({ code: 'NOT_FOUND', reason: 'WORKSPACE_NOT_FOUND' });
    expect(toGraphQLError(new AuthException('no', AuthExceptionCode.FORBIDDEN)).extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('hides unknown errors behind INTERNAL_SERVER_ERROR', () => {
    const error = toGraphQLError(new Error('connection string postgres://secret@db'));
    expect(error.message).toBe('Internal server error');
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(toGraphQLError(new NotFoundException()).extensions.code).toBe('NOT_FOUND');
    expect(toGraphQLError(new BadRequestException('bad')).extensions.code).toBe('BAD_USER_INPUT');
  });

  it("folds Apollo's own codes into the public set and drops stack traces", () => {
    expect(
      formatGraphQLError({
        message: 'Cannot query field',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ).toEqual({
      message: 'Cannot query field',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(
      formatGraphQLError({ message: 'boom', extensions: { code: 'WEIRD', stacktrace: ['at x'] } }),
    ).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
