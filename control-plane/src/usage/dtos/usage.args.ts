import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

@InputType()
export class UsageFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  keyId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  routeAlias?: string;

  @Field({ nullable: true, description: 'Only the sub-calls of this request.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  parentRequestId?: string;

  @Field(() => Int, { nullable: true, description: 'HTTP status returned to the client.' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  @Field({ nullable: true, description: 'Inclusive lower bound of startedAt.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @Field({ nullable: true, description: 'Exclusive upper bound of startedAt.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

@ArgsType()
export class UsageRecordsArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => UsageFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UsageFilterInput)
  filter?: UsageFilterInput;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  offset = 0;
}

@ArgsType()
export class UsageSummaryArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

export const USAGE_BUCKETS = { minute: 60, hour: 3600, day: 86400 } as const;
export type UsageBucketSize = keyof typeof USAGE_BUCKETS;
export const USAGE_GROUPS = ['model', 'key', 'route'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];
/** Across workspaces a series can also be per workspace. */
export const INSTALLATION_USAGE_GROUPS = [...USAGE_GROUPS, 'workspace'] as const;
export type InstallationUsageGroup = (typeof INSTALLATION_USAGE_GROUPS)[number];

/** The time range and bucket size every timeseries query shares. */
@ArgsType()
export class TimeseriesRangeArgs {
  @Field({ description: 'Inclusive start; buckets are aligned on it.' })
  @Type(() => Date)
  @IsDate()
  from!: Date;

  @Field({ description: 'Exclusive end.' })
  @Type(() => Date)
  @IsDate()
  to!: Date;

  @Field(() => String, { description: 'minute, hour or day; at most 1000 buckets in the range.' })
  @IsIn(Object.keys(USAGE_BUCKETS))
  bucket!: UsageBucketSize;
}

@ArgsType()
export class UsageTimeseriesArgs extends TimeseriesRangeArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'model, key or route: a series per value; omit for one.',
  })
  @IsOptional()
  @IsIn(USAGE_GROUPS)
  groupBy?: UsageGroup;
}

@ArgsType()
export class InstallationUsageTimeseriesArgs extends TimeseriesRangeArgs {
  @Field(() => String, {
    nullable: true,
    description: 'workspace (its id), model, key or route: a series per value; omit for one.',
  })
  @IsOptional()
  @IsIn(INSTALLATION_USAGE_GROUPS)
  groupBy?: InstallationUsageGroup;
}
