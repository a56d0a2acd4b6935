import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception';
import { Role, hasRoleIn } from '../auth/principal';
import { Roles, Unscoped } from '../auth/roles.decorator';
import type { AuditedRequest } from './audit-request';
import { AuditLogService } from './audit-log.service';
import { AuditEntryDto, AuditLogPageDto } from './dtos/audit-entry.dto';
import { AuditLogArgs } from './dtos/audit-log.args';
import type { AuditLogEntity } from './audit-log.entity';

function toAuditEntryDto(e: AuditLogEntity): AuditEntryDto {
  return {
    id: String(e.id),
    occurredAt: e.occurredAt,
    actorKind: e.actorKind,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    workspaceId: e.workspaceId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    changes: e.changes,
    outcome: e.outcome,
    errorMessage: e.errorMessage,
    requestId: e.requestId,
    clientIp: e.clientIp,
    userAgent: e.userAgent,
  };
}

@Resolver(() => AuditEntryDto)
export class AuditLogResolver {
  constructor(private readonly entries: AuditLogService) {}

  /**
   * The workspace filter sits in `filter`, where the global guard does not look, so the
   * scope is checked here: a workspace's entries need Role.Admin in it, entries of every
   * workspace and installation-wide ones need Role.InstallationAdmin.
   */
  @Roles(Role.Admin)
  @Unscoped()
  @Query(() => AuditLogPageDto, {
    description: 'Admin mutations, newest first. Without filter.workspaceId: installation admins only.',
  })
  async auditLog(@Args() args: AuditLogArgs, @Context('req') req: AuditedRequest): Promise<AuditLogPageDto> {
    const principal = req.principal;
    const workspaceId = args.filter?.workspaceId;
    if (!principal) throw new AuthException('Not authenticated', AuthExceptionCode.UNAUTHENTICATED);
    if (workspaceId ? !hasRoleIn(principal, workspaceId, Role.Admin) : !principal.installationAdmin) {
      throw new AuthException(
        workspaceId
          ? "Reading a workspace's audit log needs the admin role in it"
          : "Reading every workspace's entries needs the installation admin role: pass filter.workspaceId",
        AuthExceptionCode.FORBIDDEN,
      );
    }
    const page = await this.entries.list(args.filter, args.first, args.after);
    return {
      nodes: page.entries.map(toAuditEntryDto),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }
}
