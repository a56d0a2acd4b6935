import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ModelPrice', {
  description:
    "A workspace's price for a model, replacing the shipped catalog's. Prices are integer micro-USD per million tokens.",
})
export class ModelPriceDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'The provider kind the price applies to, e.g. anthropic.' })
  providerKind!: string;

  @Field()
  model!: string;

  @Field(() => Float)
  inputPerMTok!: number;

  @Field(() => Float)
  outputPerMTok!: number;

  @Field(() => Float, { nullable: true })
  cachedInputPerMTok!: number | null;

  @Field(() => Int, { nullable: true })
  contextWindow!: number | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
