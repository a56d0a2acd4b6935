import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { BUDGET_PERIODS, BUDGET_SCOPES } from '@switchyard/proto';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsDisplayName } from '../../common/validation';

@InputType({
  description:
    'A budget in declarative config, matched by name within its workspace; a key budget names its key by name.',
})
export class BudgetConfigInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ description: 'workspace, key or tag.' })
  @IsIn(BUDGET_SCOPES, { message: `scope must be one of: ${BUDGET_SCOPES.join(', ')}` })
  scope!: string;

  @Field({ nullable: true, description: 'The name of a key of the workspace (scope key).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  tagKey?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  tagValue?: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitMicroUsd?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitTokens?: number;

  @Field()
  @IsIn(BUDGET_PERIODS, { message: `period must be one of: ${BUDGET_PERIODS.join(', ')}` })
  period!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(1000, { each: true })
  alertThresholds?: number[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  webhookUrl?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  webhookSecret?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  hardStop?: boolean;
}
