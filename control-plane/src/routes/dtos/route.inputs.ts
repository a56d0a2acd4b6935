import { Field, ID, InputType, IntersectionType } from '@nestjs/graphql';
import { ROUTE_STRATEGIES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { IsToken } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';
import { CacheSettingsInput } from './cache-settings.inputs';
import {
  EnsembleSettingsBaseInput,
  FallbackPolicyInput,
  IsEmbedderModel,
  RouteConditionsInput,
  SemanticSettingsInput,
  TargetSettingsInput,
} from './route-settings.inputs';

const STRATEGY_MESSAGE = `strategy must be one of: ${ROUTE_STRATEGIES.join(', ')}`;

@InputType({ description: 'Exactly one of providerId (with model) and routeId.' })
export class RouteTargetInput extends TargetSettingsInput {
  @Field(() => ID, { nullable: true, description: 'A provider account of the same workspace.' })
  @IsOptional()
  @IsUUID('all')
  providerId?: string;

  @Field(() => ID, { nullable: true, description: 'Another route of the same workspace (nesting).' })
  @IsOptional()
  @IsUUID('all')
  routeId?: string;
}

@InputType()
export class SemanticEmbedderInput {
  @Field(() => ID, { nullable: true, description: 'Omit for the built-in local embedder.' })
  @IsOptional()
  @IsUUID('all')
  providerId?: string;

  @Field({ nullable: true, description: "The provider's embeddings model; empty for the local embedder." })
  @IsOptional()
  @IsEmbedderModel()
  model?: string;
}

@InputType()
export class SemanticRoutingInput extends SemanticSettingsInput {
  @Field(() => SemanticEmbedderInput, {
    nullable: true,
    description: 'Default: the built-in local embedder.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SemanticEmbedderInput)
  embedder?: SemanticEmbedderInput;
}

@InputType()
export class EnsembleSettingsInput extends EnsembleSettingsBaseInput {
  @Field(() => RouteTargetInput, { nullable: true, description: 'Required for synthesize and select.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteTargetInput)
  judge?: RouteTargetInput;
}

/** Route fields every write may carry; create requires targets, update keeps what is omitted. */
@InputType({ isAbstract: true })
class RouteSettingsInput {
  @Field({ nullable: true, description: 'Defaults to single on create.' })
  @IsOptional()
  @IsIn(ROUTE_STRATEGIES, { message: STRATEGY_MESSAGE })
  strategy?: string;

  @Field(() => FallbackPolicyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FallbackPolicyInput)
  fallback?: FallbackPolicyInput | null;

  @Field(() => RouteConditionsInput, { nullable: true, description: 'conditional routes.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RouteConditionsInput)
  conditions?: RouteConditionsInput | null;

  @Field(() => SemanticRoutingInput, { nullable: true, description: 'semantic routes.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SemanticRoutingInput)
  semantic?: SemanticRoutingInput | null;

  @Field(() => EnsembleSettingsInput, { nullable: true, description: 'ensemble routes.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnsembleSettingsInput)
  ensemble?: EnsembleSettingsInput | null;

  @Field(() => CacheSettingsInput, { nullable: true, description: 'Response caching; null turns it off.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsInput)
  cache?: CacheSettingsInput | null;
}

@InputType()
export class CreateRouteInput extends RouteSettingsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsToken()
  alias!: string;

  @Field(() => [RouteTargetInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetInput)
  targets!: RouteTargetInput[];
}

@InputType({
  description:
    'Omitted fields keep their value; null clears fallback, conditions, semantic, ensemble, cache.',
})
export class UpdateRouteInput extends IntersectionType(WorkspaceRecordInput, RouteSettingsInput) {
  @Field({ nullable: true })
  @IsOptional()
  @IsToken()
  alias?: string;

  @Field(() => [RouteTargetInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetInput)
  targets?: RouteTargetInput[];
}

@InputType()
export class DeleteRouteInput extends WorkspaceRecordInput {}
