import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { newAuditContext, type AuditContext } from './audit-context';
import { AUDIT_SUMMARY_KEY } from './audit.decorators';
import { AuditRecorder } from './audit-recorder.service';
import { actorOf, requestMeta, type AuditedRequest } from './audit-request';

/** The audit context of a top-level GraphQL mutation call, or null for anything else. */
export function mutationAuditContext(
  info: GraphQLResolveInfo | undefined,
  req: AuditedRequest | undefined,
  args: Record<string, unknown>,
  summarize: boolean,
): AuditContext | null {
  if (!info || info.parentType !== info.schema.getMutationType()) return null;
  return newAuditContext({
    actor: req?.principal ? actorOf(req.principal) : { kind: 'anonymous', id: 'anonymous', label: null },
    action: info.fieldName,
    args,
    resultType: getNamedType(info.returnType).name,
    summarize,
    request: requestMeta(req),
  });
}

/**
 * Installed globally: every GraphQL mutation runs as an audited unit, so a new mutation is
 * audited without anyone adding anything to it. Queries pass through untouched.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly recorder: AuditRecorder,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const ctx = mutationAuditContext(
      gql.getInfo<GraphQLResolveInfo>(),
      gql.getContext<{ req?: AuditedRequest }>().req,
      gql.getArgs<Record<string, unknown>>(),
      this.reflector.get<boolean>(AUDIT_SUMMARY_KEY, context.getHandler()) === true,
    );
    if (!ctx) return next.handle();
    // handle() is called inside the context, so the resolver and its transactions run in it.
    return from(this.recorder.run(ctx, () => lastValueFrom(next.handle())));
  }
}
