import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { IsDisplayName, IsSlug } from '../../common/validation';

@InputType()
export class CreateWorkspaceInput {
  @Field()
  @IsSlug()
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true, description: "Log its requests' prompts and responses (default off)." })
  @IsOptional()
  @IsBoolean()
  logPayloads?: boolean;
}

@InputType()
export class UpdateWorkspaceInput {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;

  @Field({ nullable: true, description: 'Omit to keep.' })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true, description: "Log its requests' prompts and responses; omit to keep." })
  @IsOptional()
  @IsBoolean()
  logPayloads?: boolean;
}

@InputType()
export class DeleteWorkspaceInput {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}

@ArgsType()
export class WorkspaceArgs {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}

/** The argument of every workspace-scoped list query. */
@ArgsType()
export class WorkspaceScopeArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;
}
