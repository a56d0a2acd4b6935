import { Field, ID, InputType, IntersectionType } from '@nestjs/graphql';
import { PROVIDER_KINDS } from '@switchyard/proto';
import { IsIn, IsObject, IsOptional, IsUUID, IsUrl, MaxLength } from 'class-validator';
import { JsonObjectScalar } from '../../common/json.scalar';
import { BASE_URL_OPTIONS, IsDisplayName } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';
import { ProviderCredentialsInput } from './provider-credentials.input';

export const KIND_MESSAGE = `kind must be one of: ${PROVIDER_KINDS.join(', ')}`;
export const URL_MESSAGE = 'baseUrl must be an http(s) URL, e.g. https://api.openai.com/v1';
export const OPTIONS_DESCRIPTION =
  'Non-secret settings, strings, numbers or booleans: bedrock needs region; vertex project and location; azure-openai takes apiVersion.';

@InputType()
export class CreateProviderAccountInput extends ProviderCredentialsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ description: PROVIDER_KINDS.join(', ') })
  @IsIn(PROVIDER_KINDS, { message: KIND_MESSAGE })
  kind!: string;

  @Field({ nullable: true, description: "Defaults to the preset's URL for OpenAI-compatible presets." })
  @IsOptional()
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  baseUrl?: string;

  @Field(() => JsonObjectScalar, { nullable: true, description: OPTIONS_DESCRIPTION })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

@InputType({ description: 'Omitted fields keep their value; a null credential field removes it.' })
export class UpdateProviderAccountInput extends IntersectionType(
  WorkspaceRecordInput,
  ProviderCredentialsInput,
) {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  baseUrl?: string;

  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: `Replaces all options; null removes them. ${OPTIONS_DESCRIPTION}`,
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown> | null;
}

@InputType()
export class DeleteProviderAccountInput extends WorkspaceRecordInput {}
