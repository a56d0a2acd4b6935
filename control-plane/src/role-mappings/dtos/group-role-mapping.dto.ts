import { WorkspaceRoleValue } from '../../identity/dtos/workspace-role.enum';
import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('GroupRoleMapping', {
  description:
    'Members of an identity-provider group (SCIM group displayName or OIDC groups claim value) hold a role in a workspace.',
})
export class GroupRoleMappingDto {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Compared case-insensitively.' })
  group!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field(() => WorkspaceRoleValue)
  role!: string;

  @Field()
  updatedAt!: Date;
}
