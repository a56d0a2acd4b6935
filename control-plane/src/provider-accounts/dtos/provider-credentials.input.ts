import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';

/**
 * Write-only credentials, stored encrypted and never returned. On create an omitted field
 * is absent; on update it keeps the stored value and null removes it.
 */
@InputType({ isAbstract: true })
export class ProviderCredentialsInput {
  @Field(() => String, {
    nullable: true,
    description: 'API key (most kinds). Stored encrypted; never returned.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  apiKey?: string | null;

  @Field(() => String, { nullable: true, description: 'bedrock: AWS access key id.' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  awsAccessKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'bedrock: AWS secret access key.' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  awsSecretAccessKey?: string | null;

  @Field(() => String, { nullable: true, description: 'bedrock: AWS session token (temporary credentials).' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  awsSessionToken?: string | null;

  @Field(() => String, { nullable: true, description: "vertex: a service-account key file's JSON." })
  @IsOptional()
  @IsString()
  @Length(2, 20_000)
  serviceAccountJson?: string | null;

  @Field(() => String, { nullable: true, description: 'azure-openai: Entra ID client id.' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'azure-openai: Entra ID client secret.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  clientSecret?: string | null;
}
