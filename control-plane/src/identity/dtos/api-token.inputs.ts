import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../auth/principal';
import { IsDisplayName } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';
import { WorkspaceRoleValue } from './workspace-role.enum';

@InputType()
export class CreateApiTokenInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field(() => WorkspaceRoleValue, { description: 'At most the role you hold in the workspace.' })
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;

  @Field(() => Date, { nullable: true, description: 'Never expires when absent.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class RevokeApiTokenInput extends WorkspaceRecordInput {}
