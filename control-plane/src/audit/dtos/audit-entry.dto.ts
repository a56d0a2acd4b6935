import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JsonScalar } from '../../common/json.scalar';
import type { RecordOperation } from '../audit-entry';

/** What happened to a record, as `RecordOperation` says. */
export enum AuditRecordOperation {
  created = 'created',
  updated = 'updated',
  deleted = 'deleted',
}
registerEnumType(AuditRecordOperation, { name: 'AuditRecordOperation' });

@ObjectType('AuditRecordChange', { description: 'One record a mutation changed (secrets masked as "***").' })
export class AuditRecordChangeDto {
  @Field({ description: 'Record type, e.g. Route, RouteTarget, VirtualKey.' })
  type!: string;

  @Field({ description: "The record's id (composite keys joined by ':')." })
  id!: string;

  @Field(() => AuditRecordOperation)
  op!: RecordOperation;

  @Field(() => JsonScalar, { nullable: true, description: 'The stored record before; null when created.' })
  before!: unknown;

  @Field(() => JsonScalar, { nullable: true, description: 'The stored record after; null when deleted.' })
  after!: unknown;
}

@ObjectType('AuditEntry', { description: 'One admin mutation: who, when, what, before and after.' })
export class AuditEntryDto {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field({ description: 'The kind of principal, e.g. admin-token; system for the start-up config apply.' })
  actorKind!: string;

  @Field()
  actorId!: string;

  @Field(() => String, { nullable: true })
  actorLabel!: string | null;

  @Field(() => ID, { nullable: true, description: 'Null for installation-wide entries.' })
  workspaceId!: string | null;

  @Field({ description: 'The GraphQL mutation.' })
  action!: string;

  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The target record before the mutation (secrets masked).',
  })
  before!: unknown;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The target record after it; for applyConfig, a summary of what changed.',
  })
  after!: unknown;

  @Field(() => [AuditRecordChangeDto], { description: 'Every record the mutation changed.' })
  changes!: AuditRecordChangeDto[];

  @Field({ description: 'success, or the error code of a refused or failed mutation.' })
  outcome!: string;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field(() => String, { nullable: true, description: 'Also sent back in the x-request-id header.' })
  requestId!: string | null;

  @Field(() => String, { nullable: true })
  clientIp!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;
}

@ObjectType('AuditPageInfo')
export class AuditPageInfoDto {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('AuditLogPage')
export class AuditLogPageDto {
  @Field(() => [AuditEntryDto], { description: 'Newest first.' })
  nodes!: AuditEntryDto[];

  @Field(() => AuditPageInfoDto)
  pageInfo!: AuditPageInfoDto;
}
