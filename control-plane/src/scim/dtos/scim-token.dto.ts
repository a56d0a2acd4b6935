import { Field, ID, ObjectType } from '@nestjs/graphql';

/** The public shape of a SCIM token: never its secret nor its hash. */
@ObjectType('ScimToken')
export class ScimTokenDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first 12 characters of the secret, to recognise it.' })
  prefix!: string;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('CreatedScimToken')
export class CreatedScimTokenDto {
  @Field(() => ScimTokenDto)
  token!: ScimTokenDto;

  @Field({ description: 'Shown once: only its hash is stored. Paste it into the identity provider.' })
  secret!: string;
}
