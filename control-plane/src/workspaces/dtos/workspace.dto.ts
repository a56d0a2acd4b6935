import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Workspace')
export class WorkspaceDto {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique, lower-case, never changes.' })
  slug!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}
