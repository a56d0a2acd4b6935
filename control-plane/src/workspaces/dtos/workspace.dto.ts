import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Workspace')
export class WorkspaceDto {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique, lower-case, never changes.' })
  slug!: string;

  @Field()
  name!: string;

  @Field({
    description:
      "Whether its requests' prompts and responses are logged (node logs, usage records), redacted by its guardrail policies.",
  })
  logPayloads!: boolean;

  @Field()
  createdAt!: Date;
}
