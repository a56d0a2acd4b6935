import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { BUDGET_PERIODS, BUDGET_SCOPES } from '@switchyard/proto';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsDisplayName } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

const SCOPE_MESSAGE = `scope must be one of: ${BUDGET_SCOPES.join(', ')}`;
const PERIOD_MESSAGE = `period must be one of: ${BUDGET_PERIODS.join(', ')}`;

@InputType()
export class CreateBudgetInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ description: 'workspace, key (with keyId) or tag (with tagKey and tagValue).' })
  @IsIn(BUDGET_SCOPES, { message: SCOPE_MESSAGE })
  scope!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  keyId?: string | null;

  @Field(() => String, { nullable: true, description: 'A key of the x-switchyard-metadata JSON header.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  tagKey?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  tagValue?: string | null;

  @Field(() => Float, { nullable: true, description: 'Integer micro-USD per window (1000000 = $1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitMicroUsd?: number | null;

  @Field(() => Float, { nullable: true, description: 'Input plus output tokens per window.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitTokens?: number | null;

  @Field({ description: 'daily, weekly, monthly or total.' })
  @IsIn(BUDGET_PERIODS, { message: PERIOD_MESSAGE })
  period!: string;

  @Field({ nullable: true, description: 'IANA time zone, default UTC.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @Field(() => [Int], { nullable: true, description: 'Percents (1-1000), default [50, 80, 100].' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(1000, { each: true })
  alertThresholds?: number[];

  @Field(() => String, { nullable: true, description: 'http(s) URL POSTed when a threshold is reached.' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  webhookUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Signs webhook bodies (HMAC-SHA256 in x-switchyard-signature).',
  })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  webhookSecret?: string | null;

  @Field({ nullable: true, description: 'Refuse requests once a limit is reached (default true).' })
  @IsOptional()
  @IsBoolean()
  hardStop?: boolean;
}

@InputType({ description: 'Fields left out keep their value; null clears an optional one.' })
export class UpdateBudgetInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(BUDGET_SCOPES, { message: SCOPE_MESSAGE })
  scope?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  keyId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  tagKey?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  tagValue?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitMicroUsd?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  limitTokens?: number | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(BUDGET_PERIODS, { message: PERIOD_MESSAGE })
  period?: string;

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

  @Field(() => String, { nullable: true, description: 'null removes the webhook (and its secret).' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'null stops signing.' })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  webhookSecret?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  hardStop?: boolean;
}

@InputType()
export class DeleteBudgetInput extends WorkspaceRecordInput {}

@InputType()
export class BudgetRecordInput extends WorkspaceRecordInput {}

@ArgsType()
export class BudgetEventsArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID, { nullable: true, description: 'Only the events of this budget.' })
  @IsOptional()
  @IsUUID('all')
  budgetId?: string;

  @Field(() => Int, { nullable: true, description: 'At most 500; default 100.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  offset?: number;
}
