import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ModelInfo', {
  description:
    "A model of the shipped catalog, with the workspace's price override applied; or a model only a workspace override names (then its capabilities are unknown, null).",
})
export class ModelInfoDto {
  @Field({ description: 'Provider kind.' })
  kind!: string;

  @Field()
  model!: string;

  @Field(() => String, { nullable: true, description: 'chat or embedding.' })
  mode!: string | null;

  @Field(() => Int, { nullable: true })
  contextWindow!: number | null;

  @Field(() => Int, { nullable: true })
  maxOutputTokens!: number | null;

  @Field(() => Float, { description: 'Integer micro-USD per million tokens.' })
  inputPerMTok!: number;

  @Field(() => Float)
  outputPerMTok!: number;

  @Field(() => Float, { nullable: true })
  cachedInputPerMTok!: number | null;

  @Field(() => Boolean, { nullable: true })
  tools!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  vision!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  jsonMode!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  reasoning!: boolean | null;

  @Field({ description: 'catalog, or override when a workspace price applies.' })
  priceSource!: string;
}
