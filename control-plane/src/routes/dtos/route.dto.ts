import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('RouteTarget')
export class RouteTargetDto {
  @Field(() => ID)
  providerId!: string;

  @Field({ description: 'The upstream model name sent to the provider.' })
  model!: string;
}

@ObjectType('Route')
export class RouteDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'What clients send as `model`; unique within the workspace.' })
  alias!: string;

  @Field({ description: 'One of: single.' })
  strategy!: string;

  @Field(() => [RouteTargetDto])
  targets!: RouteTargetDto[];

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
