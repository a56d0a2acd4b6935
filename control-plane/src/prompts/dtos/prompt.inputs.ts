import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { PROMPT_ROLES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { JsonObjectScalar } from '../../common/json.scalar';
import { IsDisplayName, IsSlug, IsStorableText, IsToken } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

@InputType()
export class PromptMessageInput {
  @Field({ description: 'system, developer, user or assistant.' })
  @IsIn(PROMPT_ROLES, { message: `role must be one of: ${PROMPT_ROLES.join(', ')}` })
  role!: string;

  @Field({ description: 'Mustache text; {{name}} is a variable.' })
  @IsStorableText(100_000)
  content!: string;
}

/** The fields of a version, shared by createPrompt, createPromptVersion and config apply. */
@InputType({ isAbstract: true })
export class PromptVersionFieldsInput {
  @Field({ description: 'A route alias of the workspace.' })
  @IsToken()
  model!: string;

  @Field(() => [PromptMessageInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PromptMessageInput)
  messages!: PromptMessageInput[];

  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'Request parameters (temperature, max_tokens, tools, …); not model, messages, stream.',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;
}

@InputType()
export class PromptVersionInput extends PromptVersionFieldsInput {
  @Field(() => [String], { nullable: true, description: 'Labels to point at this version.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  labels?: string[];
}

@InputType()
export class CreatePromptInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsSlug()
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsStorableText(2000)
  description?: string;

  @Field(() => PromptVersionInput, { nullable: true, description: 'Version 1, if given.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PromptVersionInput)
  version?: PromptVersionInput;
}

@InputType({ description: 'Name and description only: versions are immutable, slugs stay.' })
export class UpdatePromptInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsStorableText(2000)
  description?: string | null;
}

@InputType()
export class DeletePromptInput extends WorkspaceRecordInput {}

@InputType({ description: 'A new version: the next number; existing versions never change.' })
export class CreatePromptVersionInput extends PromptVersionInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  promptId!: string;
}

@InputType({ description: 'Points a label at a version (creating or moving it).' })
export class SetPromptLabelInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  promptId!: string;

  @Field({ description: 'e.g. production, staging.' })
  @IsString()
  @Length(1, 64)
  label!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;
}

@InputType()
export class RemovePromptLabelInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  promptId!: string;

  @Field()
  @IsString()
  @Length(1, 64)
  label!: string;
}

@ArgsType()
export class PromptArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}
