import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GuardrailVerdictDto } from '../../guardrails/dtos/guardrail.dto';

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

  @Field(() => String, {
    nullable: true,
    description: 'Set on sub-calls (ensemble members, judges, routing embeddings): the request they served.',
  })
  parentRequestId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Upstream attempts, retries and fallbacks included.' })
  attempts!: number | null;

  @Field(() => Number, { description: 'Input tokens the provider served from its prompt cache.' })
  cachedInputTokens!: number;

  @Field(() => Number, { description: 'Output tokens spent on reasoning, where reported.' })
  reasoningTokens!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Gateway response cache: hit or miss; null when not consulted.',
  })
  cacheStatus!: string | null;
  @Field(() => Number, { nullable: true, description: 'Request body bytes (MCP tool calls).' })
  requestBytes!: number | null;

  @Field(() => Number, { nullable: true, description: 'Result bytes returned (MCP tool calls).' })
  responseBytes!: number | null;

  @Field(() => [GuardrailVerdictDto], {
    description: 'Guardrail checks that did not pass (deny, redact, flag, error); empty when all passed.',
  })
  guardrailVerdicts!: GuardrailVerdictDto[];

  @Field(() => ID, {
    nullable: true,
    description: 'The prompt template served (prompt completions); null elsewhere.',
  })
  promptId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of the prompt template served.' })
  promptVersion!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The request's messages (JSON), redacted by the workspace's guardrail policies; only when the workspace logs payloads.",
  })
  requestPayload!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The answer's text, redacted the same way; only when the workspace logs payloads.",
  })
  responsePayload!: string | null;
}

@ObjectType('UsageRecordPage')
export class UsageRecordPageDto {
  @Field(() => [UsageRecordDto])
  items!: UsageRecordDto[];

  @Field(() => Int, { description: 'How many records match the filter, across all pages.' })
  total!: number;
}

@ObjectType('UsageSummary', {
  description:
    'Requests and errors count client requests only; tokens and cost also include sub-calls (records with a parentRequestId, e.g. ensemble members and judges), whose cost is not in their parent record.',
})
export class UsageSummaryDto {
  @Field(() => Int, { description: 'Client requests (sub-calls not counted).' })
  requests!: number;

  @Field(() => Int, { description: 'Client requests answered with an HTTP status of 400 or more.' })
  errors!: number;

  @Field(() => Int, { description: 'Sub-call records (parentRequestId set).' })
  subRequests!: number;

  @Field(() => Number)
  inputTokens!: number;

  @Field(() => Number)
  outputTokens!: number;

  @Field(() => Number)
  cachedInputTokens!: number;

  @Field(() => Number)
  reasoningTokens!: number;

  @Field({ description: 'Integer micro-USD, as a decimal string.' })
  costMicroUsd!: string;
}

@ObjectType('UsageBucket', {
  description:
    'Usage in one time bucket (and group). Requests, errors and latency count client requests; tokens and cost include sub-calls.',
})
export class UsageBucketDto {
  @Field({ description: 'Start of the bucket.' })
  start!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The model, key id or route alias of this series; null when not grouped or not known.',
  })
  group!: string | null;

  @Field(() => Int)
  requests!: number;

  @Field(() => Int, { description: 'Client requests answered with an HTTP status of 400 or more.' })
  errors!: number;

  @Field(() => Number)
  inputTokens!: number;

  @Field(() => Number)
  outputTokens!: number;

  @Field({ description: 'Integer micro-USD, as a decimal string.' })
  costMicroUsd!: string;

  @Field(() => Number, { nullable: true, description: 'Median latency in ms; null without requests.' })
  latencyP50Ms!: number | null;

  @Field(() => Number, { nullable: true, description: '95th percentile latency in ms.' })
  latencyP95Ms!: number | null;

  @Field(() => Int, { description: 'Requests the response cache answered.' })
  cacheHits!: number;

  @Field(() => Int, { description: 'Requests that consulted the response cache (hits and misses).' })
  cacheLookups!: number;
}
