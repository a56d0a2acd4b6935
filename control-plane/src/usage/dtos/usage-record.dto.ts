import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('UsageRecord', { description: 'One request served by a data-plane node.' })
export class UsageRecordDto {
  @Field()
  requestId!: string;

  @Field(() => ID, { nullable: true })
  workspaceId!: string | null;

  @Field(() => ID, { nullable: true })
  keyId!: string | null;

  @Field(() => ID, { nullable: true })
  routeId!: string | null;

  @Field(() => String, { nullable: true })
  routeAlias!: string | null;

  @Field(() => ID, { nullable: true })
  providerId!: string | null;

  @Field(() => String, { nullable: true })
  model!: string | null;

  @Field()
  endpoint!: string;

  @Field()
  stream!: boolean;

  @Field(() => Int)
  inputTokens!: number;

  @Field(() => Int)
  outputTokens!: number;

  @Field({ description: 'Integer micro-USD, as a decimal string.' })
  costMicroUsd!: string;

  @Field(() => Int)
  latencyMs!: number;

  @Field(() => Int, { nullable: true })
  ttftMs!: number | null;

  @Field(() => Int, { description: 'HTTP status returned to the client.' })
  status!: number;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field()
  startedAt!: Date;

  @Field()
  nodeId!: string;

  @Field()
  tokensEstimated!: boolean;

  @Field(() => Number, { nullable: true, description: 'Request body bytes (MCP tool calls).' })
  requestBytes!: number | null;

  @Field(() => Number, { nullable: true, description: 'Result bytes returned (MCP tool calls).' })
  responseBytes!: number | null;
}

@ObjectType('UsageRecordPage')
export class UsageRecordPageDto {
  @Field(() => [UsageRecordDto])
  items!: UsageRecordDto[];

  @Field(() => Int, { description: 'How many records match the filter, across all pages.' })
  total!: number;
}

@ObjectType('UsageSummary')
export class UsageSummaryDto {
  @Field(() => Int)
  requests!: number;

  @Field(() => Int, { description: 'Requests answered with an HTTP status of 400 or more.' })
  errors!: number;

  @Field(() => Number)
  inputTokens!: number;

  @Field(() => Number)
  outputTokens!: number;

  @Field({ description: 'Integer micro-USD, as a decimal string.' })
  costMicroUsd!: string;
}
