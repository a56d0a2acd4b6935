import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { WorkspaceRole } from '../../auth/principal';
import { WorkspaceRoleValue } from './workspace-role.enum';

/** The public shape of an admin API token: never its secret nor its hash. */
@ObjectType('ApiToken')
export class ApiTokenDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field(() => WorkspaceRoleValue)
  role!: WorkspaceRole;

  @Field({ description: 'The first characters of the secret, to recognise it.' })
  prefix!: string;

  @Field({ description: 'Email of the user who created it, or bootstrap-admin.' })
  createdBy!: string;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenDto {
  @Field(() => ApiTokenDto)
  token!: ApiTokenDto;

  @Field({ description: 'Shown once: only its SHA-256 is stored. Send as "Authorization: Bearer <secret>".' })
  secret!: string;
}
