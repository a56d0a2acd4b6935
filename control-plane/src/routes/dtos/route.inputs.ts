import { Field, ID, InputType } from '@nestjs/graphql';
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

const STRATEGY_MESSAGE = `strategy must be one of: ${ROUTE_STRATEGIES.join(', ')}`;

@InputType()
export class RouteTargetInput {
  @Field(() => ID)
  @IsUUID('all')
  providerId!: string;

  @Field()
  @IsToken()
  model!: string;
}

@InputType()
export class CreateRouteInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsToken()
  alias!: string;

  @Field({ nullable: true, description: 'Defaults to single.' })
  @IsOptional()
  @IsIn(ROUTE_STRATEGIES, { message: STRATEGY_MESSAGE })
  strategy?: string;

  @Field(() => [RouteTargetInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetInput)
  targets!: RouteTargetInput[];
}

@InputType()
export class UpdateRouteInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsToken()
  alias?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(ROUTE_STRATEGIES, { message: STRATEGY_MESSAGE })
  strategy?: string;

  @Field(() => [RouteTargetInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetInput)
  targets?: RouteTargetInput[];
}

@InputType()
export class DeleteRouteInput extends WorkspaceRecordInput {}
