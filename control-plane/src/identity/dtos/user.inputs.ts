import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

import { WORKSPACE_ROLES, type WorkspaceRole } from '../../auth/principal';
import { IsEmailAddress } from '../../common/validation';
import { WorkspaceRoleValue } from './workspace-role.enum';

// eslint-disable-next-line no-control-regex
const NO_CONTROL_CHARACTERS = /^[^\x00-\x1f\x7f]*$/;

@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @MaxLength(320)
  @Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' })
  email!: string;

  @Field()
  @IsString()
  @MaxLength(1024)
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @Field({ description: 'At least 12 characters, not the email address.' })
  @IsString()
  newPassword!: string;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmailAddress()
  @MaxLength(320)
  email!: string;

  @Field({ nullable: true, defaultValue: '' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  @Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' })
  displayName?: string;

  @Field({ nullable: true, description: 'Absent: the user can only sign in through SSO.' })
  @IsOptional()
  @IsString()
  password?: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  installationAdmin?: boolean;
}

@InputType()
export class SetUserActiveInput {
  @Field(() => ID)
  @IsUUID('all')
  userId!: string;

  @Field()
  @IsBoolean()
  active!: boolean;
}

@InputType()
export class SetInstallationAdminInput {
  @Field(() => ID)
  @IsUUID('all')
  userId!: string;

  @Field()
  @IsBoolean()
  installationAdmin!: boolean;
}

@InputType()
export class SetUserPasswordInput {
  @Field(() => ID)
  @IsUUID('all')
  userId!: string;

  @Field()
  @IsString()
  password!: string;
}

@InputType()
export class AddWorkspaceMemberInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field({ description: 'An existing user (installation admins create users).' })
  @IsEmailAddress()
  email!: string;

  @Field(() => WorkspaceRoleValue)
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}

@InputType()
export class SetWorkspaceMemberRoleInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  userId!: string;

  @Field(() => WorkspaceRoleValue)
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}

@InputType()
export class RemoveWorkspaceMemberInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  userId!: string;
}
