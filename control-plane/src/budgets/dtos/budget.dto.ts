import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "A budget window's spend as the control plane has counted it (nodes' unreported spend excluded).",
})
export class BudgetStatusDto {
  @Field(() => ID)
  budgetId!: string;

  @Field({
    description: 'Start of the current window (local midnight, Monday or the 1st in the budget time zone).',
  })
  windowStart!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the window ends and spend starts again from zero; null for total budgets.',
  })
  resetsAt!: Date | null;

  @Field(() => Float, { description: 'Integer micro-USD spent in the window.' })
  spentMicroUsd!: number;

  @Field(() => Float, { description: 'Input plus output tokens spent in the window.' })
  spentTokens!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Integer micro-USD left (0 when exhausted); null without a USD limit.',
  })
  remainingMicroUsd!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Tokens left (0 when exhausted); null without a token limit.',
  })
  remainingTokens!: number | null;

  @Field(() => Float, { description: 'The larger share of its limits spent, in percent (may pass 100).' })
  percentUsed!: number;

  @Field({ description: 'A limit is reached; with hardStop, nodes refuse requests with 402.' })
  exhausted!: boolean;
}

@ObjectType({ description: 'A spending limit of a workspace, a key or a metadata tag.' })
export class BudgetDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field({ description: 'workspace, key or tag.' })
  scope!: string;

  @Field(() => ID, { nullable: true })
  keyId!: string | null;

  @Field(() => String, { nullable: true, description: 'The x-switchyard-metadata key a tag budget matches.' })
  tagKey!: string | null;

  @Field(() => String, { nullable: true })
  tagValue!: string | null;

  @Field(() => Float, { nullable: true, description: 'Integer micro-USD per window.' })
  limitMicroUsd!: number | null;

  @Field(() => Float, { nullable: true, description: 'Input plus output tokens per window.' })
  limitTokens!: number | null;

  @Field({ description: 'daily, weekly, monthly or total.' })
  period!: string;

  @Field({ description: 'IANA time zone in which windows start.' })
  timezone!: string;

  @Field(() => [Int], { description: 'Percents of a limit whose crossing raises an event.' })
  alertThresholds!: number[];

  @Field(() => String, { nullable: true })
  webhookUrl!: string | null;

  @Field({ description: 'Whether webhook POSTs are signed (the secret itself is never shown).' })
  webhookSigned!: boolean;

  @Field({ description: 'Refuse requests (402) once a limit is reached; otherwise alerts only.' })
  hardStop!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => BudgetStatusDto, { description: 'Spend in the current window.' })
  status!: BudgetStatusDto;
}

@ObjectType({
  description: 'A budget reached an alert threshold in a window (once per budget, window and threshold).',
})
export class BudgetEventDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  budgetId!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  windowStart!: Date;

  @Field(() => Int, { description: 'The percent reached.' })
  threshold!: number;

  @Field(() => Float)
  spentMicroUsd!: number;

  @Field(() => Float)
  spentTokens!: number;

  @Field({ description: 'none (no webhook), pending, delivered or failed.' })
  webhookStatus!: string;

  @Field(() => Int)
  webhookAttempts!: number;

  @Field(() => String, { nullable: true })
  webhookError!: string | null;

  @Field()
  createdAt!: Date;
}
