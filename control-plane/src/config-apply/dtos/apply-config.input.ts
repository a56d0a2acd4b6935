import { Field, InputType } from '@nestjs/graphql';
import { PROVIDER_KINDS, ROUTE_STRATEGIES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BASE_URL_OPTIONS, IsDisplayName, IsToken, SLUG_PATTERN } from '../../common/validation';
import { FIXED_SECRET_PATTERN } from '../../crypto/key-secret';
import { McpServerConfigInput } from '../../mcp-servers/dtos/mcp-server-config.input';

/*
 * Declarative config, mirroring the YAML file. Objects are matched by natural keys:
 * workspace slug; provider name, route alias and key name within their workspace.
 */

@InputType()
export class ProviderConfigInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsIn(PROVIDER_KINDS, { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind!: string;

  @Field()
  @IsUrl(BASE_URL_OPTIONS, { message: 'baseUrl must be an http(s) URL, e.g. https://api.openai.com/v1' })
  @MaxLength(2000)
  baseUrl!: string;

  @Field({ nullable: true, description: 'Omitted means the provider has no credentials.' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  apiKey?: string;
}

@InputType()
export class RouteTargetConfigInput {
  @Field({ description: 'A provider name of the same workspace.' })
  @IsDisplayName()
  provider!: string;

  @Field()
  @IsToken()
  model!: string;
}

@InputType()
export class RouteConfigInput {
  @Field()
  @IsToken()
  alias!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(ROUTE_STRATEGIES, { message: `strategy must be one of: ${ROUTE_STRATEGIES.join(', ')}` })
  strategy?: string;

  @Field(() => [RouteTargetConfigInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetConfigInput)
  targets!: RouteTargetConfigInput[];
}

@InputType()
export class KeyConfigInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true, description: 'A fixed secret (dev/test); generated once when omitted.' })
  @IsOptional()
  @IsString()
  @Matches(FIXED_SECRET_PATTERN, {
    message: 'secret must be 16-256 printable ASCII characters without whitespace',
  })
  secret?: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'Route aliases of the same workspace; omit for all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  allowedRoutes?: string[];
}

@InputType()
export class WorkspaceConfigInput {
  @Field()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1-64 lower-case letters, digits or inner dashes' })
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field(() => [ProviderConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProviderConfigInput)
  providers?: ProviderConfigInput[];

  @Field(() => [RouteConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RouteConfigInput)
  routes?: RouteConfigInput[];

  @Field(() => [KeyConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => KeyConfigInput)
  keys?: KeyConfigInput[];

  @Field(() => [McpServerConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => McpServerConfigInput)
  mcpServers?: McpServerConfigInput[];
}

@InputType()
export class ApplyConfigInput {
  @Field(() => [WorkspaceConfigInput])
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkspaceConfigInput)
  workspaces!: WorkspaceConfigInput[];
}
