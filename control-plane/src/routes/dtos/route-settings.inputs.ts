import { applyDecorators } from '@nestjs/common';
import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { ENSEMBLE_MODES, MATCH_OPERATORS } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JsonObjectScalar, JsonScalar } from '../../common/json.scalar';
import { IsToken } from '../../common/validation';

/*
 * Route settings shared by the GraphQL API (targets by id) and declarative config (targets
 * by name). Bounds mirror the snapshot schema; what needs the whole route (indices, regexes,
 * nesting) is checked by `RoutesService` with proto's own rules.
 */

/** Statuses that move on (or retry) unless a route says otherwise. */
export const DEFAULT_RETRY_STATUSES = [429, 500, 502, 503, 504];

function IsStatusList(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(100),
    IsInt({ each: true }),
    Min(100, { each: true }),
    Max(599, { each: true }),
  );
}

@InputType()
export class RetryPolicyInput {
  @Field(() => Int, { description: 'Total attempts including the first (1 = no retry), at most 10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'Default 250.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  backoffMs?: number;

  @Field(() => Int, { nullable: true, description: 'Default 10000.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(300_000)
  maxBackoffMs?: number;

  @Field(() => [Int], { nullable: true, description: 'Default 429, 500, 502, 503, 504.' })
  @IsOptional()
  @IsStatusList()
  onStatuses?: number[];
}

@InputType()
export class CircuitBreakerInput {
  @Field(() => Int, { nullable: true, description: 'Default 5.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  failures?: number;

  @Field(() => Int, { nullable: true, description: 'Default 60000.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  windowMs?: number;

  @Field(() => Int, { nullable: true, description: 'Default 30000.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  cooldownMs?: number;
}

/** What a target is besides where it points. */
@InputType({ isAbstract: true })
export abstract class TargetSettingsInput {
  @Field({ nullable: true, description: 'The upstream model; required for a provider, omitted for a route.' })
  @IsOptional()
  @IsToken()
  model?: string;

  @Field(() => Float, { nullable: true, description: '`weighted`: a positive relative weight (default 1).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1_000_000)
  weight?: number;

  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'Request parameters replaced for this target.',
  })
  @IsOptional()
  @IsObject()
  overrides?: Record<string, unknown>;

  @Field(() => RetryPolicyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicyInput)
  retry?: RetryPolicyInput;

  @Field(() => Int, { nullable: true, description: 'Per-attempt deadline in ms (1 to 3600000).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  timeoutMs?: number;

  @Field(() => CircuitBreakerInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CircuitBreakerInput)
  breaker?: CircuitBreakerInput;
}

@InputType()
export class FallbackPolicyInput {
  @Field(() => [Int], { nullable: true, description: 'Default 429, 500, 502, 503, 504.' })
  @IsOptional()
  @IsStatusList()
  onStatuses?: number[];

  @Field({ nullable: true, description: 'Default true.' })
  @IsOptional()
  @IsBoolean()
  onTimeout?: boolean;

  @Field({ nullable: true, description: 'Default true.' })
  @IsOptional()
  @IsBoolean()
  onConnectionError?: boolean;
}

@InputType()
export class RouteMatchInput {
  @Field({
    description:
      'header.<name>, metadata.<name>, param.<name>, key.id, key.name, workspace.id or workspace.slug.',
  })
  @IsString()
  @Matches(/^(header|metadata|param)\.[^\s]{1,100}$|^(key\.(id|name)|workspace\.(id|slug))$/, {
    message:
      'field must be header.<name>, metadata.<name>, param.<name>, key.id, key.name, workspace.id or workspace.slug',
  })
  field!: string;

  @Field({ description: MATCH_OPERATORS.join(', ') })
  @IsIn(MATCH_OPERATORS, { message: `op must be one of: ${MATCH_OPERATORS.join(', ')}` })
  op!: string;

  @Field(() => JsonScalar, {
    nullable: true,
    description:
      'A string, number or boolean; an array of them for in/nin; a regex source for regex; none for exists.',
  })
  @IsOptional()
  value?: string | number | boolean | (string | number | boolean)[];
}

@InputType()
export class RouteRuleInput {
  @Field(() => [RouteMatchInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RouteMatchInput)
  when!: RouteMatchInput[];

  @Field(() => Int, { description: 'Index into the route targets.' })
  @IsInt()
  @Min(0)
  target!: number;
}

@InputType()
export class RouteConditionsInput {
  @Field(() => [RouteRuleInput])
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RouteRuleInput)
  rules!: RouteRuleInput[];

  @Field(() => Int, { nullable: true, description: 'Target index when no rule matches (default 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  defaultTarget?: number;
}

@InputType()
export class SemanticIntentInput {
  @Field()
  @IsString()
  @Length(1, 100)
  name!: string;

  @Field(() => [String])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 4000, { each: true })
  examples!: string[];

  @Field(() => Int)
  @IsInt()
  @Min(0)
  target!: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false })
  @Min(0)
  @Max(1)
  threshold?: number;
}

/** Semantic settings besides the embedder (which names a provider by id or by name). */
@InputType({ isAbstract: true })
export abstract class SemanticSettingsInput {
  @Field(() => Float, { description: 'Cosine similarity an intent needs (0-1).' })
  @IsNumber({ allowNaN: false })
  @Min(0)
  @Max(1)
  threshold!: number;

  @Field(() => [SemanticIntentInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SemanticIntentInput)
  intents!: SemanticIntentInput[];

  @Field(() => Int, { nullable: true, description: 'Null or omitted: answer 404 no_intent_matched.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  defaultTarget?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'default (the default, use defaultTarget) or fail (503).',
  })
  @IsOptional()
  @IsIn(['default', 'fail'], { message: 'onEmbedError must be default or fail' })
  onEmbedError?: 'default' | 'fail';
}

/** Ensemble settings besides the judge (a target by id or by name). */
@InputType({ isAbstract: true })
export abstract class EnsembleSettingsBaseInput {
  @Field(() => String, { description: ENSEMBLE_MODES.join(', ') })
  @IsIn(ENSEMBLE_MODES, { message: `mode must be one of: ${ENSEMBLE_MODES.join(', ')}` })
  mode!: (typeof ENSEMBLE_MODES)[number];

  @Field(() => Int, { nullable: true, description: 'Answers needed before combining (default 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  minResponses?: number;

  @Field(() => Int, { nullable: true, description: "The panel's deadline in ms (default 30000)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  deadlineMs?: number;

  @Field({ nullable: true, description: 'Replaces the built-in judge instructions.' })
  @IsOptional()
  @IsString()
  @Length(1, 20_000)
  judgePrompt?: string;
}

/** The embedder's model may be empty for the built-in local embedder. */
export function IsEmbedderModel(): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(200));
}
