import { Field, ID, InputType } from '@nestjs/graphql';
import { PROVIDER_KINDS } from '@switchyard/proto';
import { IsIn, IsOptional, IsString, IsUUID, IsUrl, Length, MaxLength } from 'class-validator';
import { BASE_URL_OPTIONS, IsDisplayName } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

const KIND_MESSAGE = `kind must be one of: ${PROVIDER_KINDS.join(', ')}`;
const URL_MESSAGE = 'baseUrl must be an http(s) URL, e.g. https://api.openai.com/v1';

@InputType()
export class CreateProviderAccountInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsIn(PROVIDER_KINDS, { message: KIND_MESSAGE })
  kind!: string;

  @Field()
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  baseUrl!: string;

  @Field({ nullable: true, description: 'Stored encrypted; never returned.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  apiKey?: string;
}

@InputType()
export class UpdateProviderAccountInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  baseUrl?: string;

  @Field(() => String, { nullable: true, description: 'Omit to keep the stored key; null removes it.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  apiKey?: string | null;
}

@InputType()
export class DeleteProviderAccountInput extends WorkspaceRecordInput {}
