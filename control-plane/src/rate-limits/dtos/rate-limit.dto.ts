import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RateLimitUsage', {
  description: "A limit's counts right now, as the data-plane nodes last reported them to each other.",
})
export class RateLimitUsageDto {
  @Field(() => Int, {
    description: 'Requests in the window (the previous window weighted by how much of it still counts).',
  })
  requests!: number;

  @Field(() => Float, { description: 'Tokens in the window, weighted the same way.' })
  tokens!: number;

  @Field(() => Int)
  inFlight!: number;

  @Field(() => Int, { description: 'Data-plane nodes heard from in the last few seconds.' })
  nodes!: number;

  @Field()
  observedAt!: Date;
}

@ObjectType('RateLimit', {
  description:
    'The rate limit of a workspace (keyId and routeId null), a key or a route, enforced by every data-plane node together.',
})
export class RateLimitDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'workspace, key or route.' })
  scope!: string;

  @Field(() => ID, { nullable: true })
  keyId!: string | null;

  @Field(() => ID, { nullable: true })
  routeId!: string | null;

  @Field(() => Int, { nullable: true })
  requestsPerWindow!: number | null;

  @Field(() => Int, { nullable: true })
  tokensPerWindow!: number | null;

  @Field(() => Int)
  windowSeconds!: number;

  @Field(() => Int, { nullable: true })
  concurrent!: number | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
