import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsUUID, MinLength } from 'class-validator';
import { IsStorableText } from '../../common/validation';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../auth/principal';
import { WorkspaceRoleValue } from '../../identity/dtos/workspace-role.enum';

@InputType()
export class SetGroupRoleMappingInput {
  @Field({ description: 'The group name as the identity provider sends it (case-insensitive).' })
  @IsStorableText(256)
  @MinLength(1)
  group!: string;

  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => WorkspaceRoleValue)
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}

@InputType()
export class DeleteGroupRoleMappingInput {
  @Field()
  @IsStorableText(256)
  @MinLength(1)
  group!: string;

  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;
}
