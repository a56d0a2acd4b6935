import { Field, ID, ObjectType } from '@nestjs/graphql';

/** The public shape of a provider account: credentials are write-only, only their presence shows. */
@ObjectType('ProviderAccount')
export class ProviderAccountDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field({ description: 'One of: openai, openai-compatible.' })
  kind!: string;

  @Field()
  baseUrl!: string;

  @Field({ description: 'Whether an API key is stored. The key itself is never returned.' })
  hasCredentials!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
