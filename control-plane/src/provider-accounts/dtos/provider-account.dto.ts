import { Field, ID, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../../common/json.scalar';

/** The public shape of a provider account: credentials are write-only, only their presence shows. */
@ObjectType('ProviderAccount')
export class ProviderAccountDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field({ description: 'A provider kind, e.g. openai, anthropic, bedrock, vertex, azure-openai, groq.' })
  kind!: string;

  @Field()
  baseUrl!: string;

  @Field(() => JsonObjectScalar, { nullable: true, description: 'Non-secret, kind-specific settings.' })
  options!: Record<string, string | number | boolean> | null;

  @Field({ description: 'Whether any credential is stored. Credentials themselves are never returned.' })
  hasCredentials!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
