import { Field, InputType } from '@nestjs/graphql';
import { IsIn, MinLength } from 'class-validator';
import { IsStorableText } from '../../common/validation';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../auth/principal';

/** In `applyConfig`: members of an identity-provider group hold `role` in this workspace. */
@InputType()
export class GroupRoleConfigInput {
  @Field({ description: 'SCIM group displayName or OIDC groups claim value (case-insensitive).' })
  @IsStorableText(256)
  @MinLength(1)
  group!: string;

  @Field(() => String, { description: 'owner, admin, member or viewer.' })
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}
