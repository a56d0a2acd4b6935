import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { PROVIDER_KINDS, ROUTE_STRATEGIES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JsonObjectScalar } from '../../common/json.scalar';
import { BASE_URL_OPTIONS, IsDisplayName, IsToken, SLUG_PATTERN } from '../../common/validation';
import { FIXED_SECRET_PATTERN } from '../../crypto/key-secret';
import {
  KIND_MESSAGE,
  OPTIONS_DESCRIPTION,
  URL_MESSAGE,
} from '../../provider-accounts/dtos/provider-account.inputs';
import { ProviderCredentialsInput } from '../../provider-accounts/dtos/provider-credentials.input';
import {
  EnsembleSettingsBaseInput,
  FallbackPolicyInput,
  IsEmbedderModel,
  RouteConditionsInput,
  SemanticSettingsInput,
  TargetSettingsInput,
} from '../../routes/dtos/route-settings.inputs';
import { McpServerConfigInput } from '../../mcp-servers/dtos/mcp-server-config.input';
import { GuardrailConfigInput } from '../../guardrails/dtos/guardrail-config.input';
import { PromptConfigInput } from '../../prompts/dtos/prompt-config.input';
import { GroupRoleConfigInput } from '../../role-mappings/dtos/group-role-config.input';
import { BudgetConfigInput } from '../../budgets/dtos/budget-config.input';
import { CacheSettingsBaseInput } from '../../routes/dtos/cache-settings.inputs';
import { RateLimitConfigInput } from '../../rate-limits/dtos/rate-limit-config.input';

/*
 * Declarative config, mirroring the YAML file. Objects are matched by natural keys:
 * workspace slug; provider name, route alias, key name and (providerKind, model) of a
 * model price within their workspace.
 */

@InputType()
export class ProviderConfigInput extends ProviderCredentialsInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
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

@InputType({ description: 'Exactly one of provider (with model) and route.' })
export class RouteTargetConfigInput extends TargetSettingsInput {
  @Field({ nullable: true, description: 'A provider name of the same workspace.' })
  @IsOptional()
  @IsDisplayName()
  provider?: string;

  @Field({ nullable: true, description: 'A route alias of the same workspace (declared here or existing).' })
  @IsOptional()
  @IsToken()
  route?: string;
}

@InputType()
export class EmbedderConfigInput {
  @Field({
    nullable: true,
    description: 'A provider name of the same workspace; omit for the local embedder.',
  })
  @IsOptional()
  @IsDisplayName()
  provider?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmbedderModel()
  model?: string;
}

@InputType()
export class SemanticConfigInput extends SemanticSettingsInput {
  @Field(() => EmbedderConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmbedderConfigInput)
  embedder?: EmbedderConfigInput;
}

@InputType()
export class CacheConfigInput extends CacheSettingsBaseInput {
  @Field(() => EmbedderConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmbedderConfigInput)
  embedder?: EmbedderConfigInput;
}

@InputType()
export class EnsembleConfigInput extends EnsembleSettingsBaseInput {
  @Field(() => RouteTargetConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteTargetConfigInput)
  judge?: RouteTargetConfigInput;
}

@InputType()
export class RouteConfigInput {
  @Field()
  @IsToken()
  alias!: string;

  @Field({ nullable: true, description: 'Defaults to single.' })
  @IsOptional()
  @IsIn(ROUTE_STRATEGIES, { message: `strategy must be one of: ${ROUTE_STRATEGIES.join(', ')}` })
  strategy?: string;

  @Field(() => [RouteTargetConfigInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetConfigInput)
  targets!: RouteTargetConfigInput[];

  @Field(() => FallbackPolicyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FallbackPolicyInput)
  fallback?: FallbackPolicyInput;

  @Field(() => RouteConditionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteConditionsInput)
  conditions?: RouteConditionsInput;

  @Field(() => SemanticConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SemanticConfigInput)
  semantic?: SemanticConfigInput;

  @Field(() => EnsembleConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnsembleConfigInput)
  ensemble?: EnsembleConfigInput;

  @Field(() => CacheConfigInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheConfigInput)
  cache?: CacheConfigInput;
}

@InputType({ description: 'A workspace price override, matched by providerKind and model.' })
export class ModelPriceConfigInput {
  @Field()
  @IsIn(PROVIDER_KINDS, { message: `providerKind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  providerKind!: string;

  @Field()
  @IsToken()
  model!: string;

  @Field(() => Float, { description: 'Integer micro-USD per million tokens.' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  inputPerMTok!: number;

  @Field(() => Float)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  outputPerMTok!: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  cachedInputPerMTok?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  contextWindow?: number;
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

  @Field(() => CacheConfigInput, {
    nullable: true,
    description: "Response caching for this key's calls to routes that set none; omit for none.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheConfigInput)
  cache?: CacheConfigInput;
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

  @Field({ nullable: true, description: "Log its requests' prompts and responses (default off)." })
  @IsOptional()
  @IsBoolean()
  logPayloads?: boolean;

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

  @Field(() => [ModelPriceConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ModelPriceConfigInput)
  modelPrices?: ModelPriceConfigInput[];

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

  @Field(() => [GuardrailConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GuardrailConfigInput)
  guardrails?: GuardrailConfigInput[];

  @Field(() => [RateLimitConfigInput], {
    nullable: true,
    description:
      "The workspace's whole set of rate limits (limits not listed are removed); omit to leave them alone.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => RateLimitConfigInput)
  rateLimits?: RateLimitConfigInput[];
  @Field(() => [PromptConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PromptConfigInput)
  prompts?: PromptConfigInput[];
  @Field(() => [GroupRoleConfigInput], {
    nullable: true,
    description: 'Identity-provider groups whose members hold a role here (installation admins only).',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GroupRoleConfigInput)
  groupRoles?: GroupRoleConfigInput[];
  @Field(() => [BudgetConfigInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BudgetConfigInput)
  budgets?: BudgetConfigInput[];
}

@InputType()
export class ApplyConfigInput {
  @Field(() => [WorkspaceConfigInput])
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkspaceConfigInput)
  workspaces!: WorkspaceConfigInput[];
}
