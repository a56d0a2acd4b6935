import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar, JsonScalar } from '../../common/json.scalar';
import { CacheSettingsDto } from './cache-settings.inputs';

/* The public shape of a route: the snapshot's route, field for field, plus timestamps. */

@ObjectType('RetryPolicy')
export class RetryPolicyDto {
  @Field(() => Int, { description: 'Total attempts including the first (1 = no retry).' })
  attempts!: number;

  @Field(() => Int, { description: 'First backoff; doubles each retry, with full jitter.' })
  backoffMs!: number;

  @Field(() => Int)
  maxBackoffMs!: number;

  @Field(() => [Int], {
    description: 'Upstream statuses worth retrying; timeouts and connection errors always are.',
  })
  onStatuses!: number[];
}

@ObjectType('CircuitBreaker', { description: 'Opens after `failures` within `windowMs`, per node.' })
export class CircuitBreakerDto {
  @Field(() => Int)
  failures!: number;

  @Field(() => Int)
  windowMs!: number;

  @Field(() => Int, { description: 'How long it stays open before one half-open probe.' })
  cooldownMs!: number;
}

@ObjectType('RouteTarget', {
  description: 'A provider and upstream model, or another route of the workspace.',
})
export class RouteTargetDto {
  @Field(() => ID, { nullable: true, description: 'Null when the target is a route.' })
  providerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Set when the target is another route (nesting).' })
  routeId!: string | null;

  @Field({ description: 'The upstream model name sent to the provider; empty for a route target.' })
  model!: string;

  @Field(() => Float, { nullable: true, description: '`weighted`: relative weight (default 1).' })
  weight!: number | null;

  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'Request parameters replaced for this target.',
  })
  overrides!: Record<string, unknown> | null;

  @Field(() => RetryPolicyDto, { nullable: true })
  retry!: RetryPolicyDto | null;

  @Field(() => Int, {
    nullable: true,
    description: "Per-attempt deadline in ms; the node's default when null.",
  })
  timeoutMs!: number | null;

  @Field(() => CircuitBreakerDto, { nullable: true })
  breaker!: CircuitBreakerDto | null;
}

@ObjectType('FallbackPolicy', { description: 'When a failed attempt moves on to the next candidate target.' })
export class FallbackPolicyDto {
  @Field(() => [Int])
  onStatuses!: number[];

  @Field()
  onTimeout!: boolean;

  @Field()
  onConnectionError!: boolean;
}

@ObjectType('RouteMatch')
export class RouteMatchDto {
  @Field({
    description:
      'header.<name>, metadata.<name>, param.<name>, key.id, key.name, workspace.id or workspace.slug.',
  })
  field!: string;

  @Field({ description: 'eq, neq, in, nin, gt, gte, lt, lte, exists or regex.' })
  op!: string;

  @Field(() => JsonScalar, { nullable: true })
  value!: unknown;
}

@ObjectType('RouteRule')
export class RouteRuleDto {
  @Field(() => [RouteMatchDto], { description: 'Every match must hold.' })
  when!: RouteMatchDto[];

  @Field(() => Int, { description: 'Index into the route targets.' })
  target!: number;
}

@ObjectType('RouteConditions')
export class RouteConditionsDto {
  @Field(() => [RouteRuleDto], { description: 'The first rule whose matches all hold picks the target.' })
  rules!: RouteRuleDto[];

  @Field(() => Int, { description: 'Target index used when no rule matches.' })
  defaultTarget!: number;
}

@ObjectType('SemanticEmbedder')
export class SemanticEmbedderDto {
  @Field(() => ID, { nullable: true, description: 'Null: the built-in local embedder.' })
  providerId!: string | null;

  @Field()
  model!: string;
}

@ObjectType('SemanticIntent')
export class SemanticIntentDto {
  @Field()
  name!: string;

  @Field(() => [String])
  examples!: string[];

  @Field(() => Int)
  target!: number;

  @Field(() => Float, { nullable: true, description: "Replaces the route's threshold for this intent." })
  threshold!: number | null;
}

@ObjectType('SemanticRouting')
export class SemanticRoutingDto {
  @Field(() => SemanticEmbedderDto)
  embedder!: SemanticEmbedderDto;

  @Field(() => Float, { description: 'Cosine similarity an intent needs (0-1).' })
  threshold!: number;

  @Field(() => [SemanticIntentDto])
  intents!: SemanticIntentDto[];

  @Field(() => Int, { nullable: true, description: 'Null: answer 404 no_intent_matched.' })
  defaultTarget!: number | null;

  @Field({ description: 'default or fail.' })
  onEmbedError!: string;
}

@ObjectType('EnsembleSettings')
export class EnsembleSettingsDto {
  @Field({ description: 'synthesize, select, vote or first.' })
  mode!: string;

  @Field(() => RouteTargetDto, {
    nullable: true,
    description: 'synthesize and select: the model that merges or picks.',
  })
  judge!: RouteTargetDto | null;

  @Field(() => Int)
  minResponses!: number;

  @Field(() => Int)
  deadlineMs!: number;

  @Field(() => String, { nullable: true })
  judgePrompt!: string | null;
}

@ObjectType('Route')
export class RouteDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'What clients send as `model`; unique within the workspace.' })
  alias!: string;

  @Field({
    description: 'single, weighted, fallback, conditional, least-latency, lowest-cost, semantic or ensemble.',
  })
  strategy!: string;

  @Field(() => [RouteTargetDto])
  targets!: RouteTargetDto[];

  @Field(() => FallbackPolicyDto, { nullable: true, description: 'Null: the defaults.' })
  fallback!: FallbackPolicyDto | null;

  @Field(() => RouteConditionsDto, { nullable: true })
  conditions!: RouteConditionsDto | null;

  @Field(() => SemanticRoutingDto, { nullable: true })
  semantic!: SemanticRoutingDto | null;

  @Field(() => EnsembleSettingsDto, { nullable: true })
  ensemble!: EnsembleSettingsDto | null;

  @Field(() => CacheSettingsDto, {
    nullable: true,
    description: "Null: the key's cache settings, if any, apply.",
  })
  cache!: CacheSettingsDto | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
