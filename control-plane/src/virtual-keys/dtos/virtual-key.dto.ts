import { CacheSettingsDto } from '../../routes/dtos/cache-settings.inputs';
import { Field, ID, ObjectType } from '@nestjs/graphql';

/** The public shape of a virtual key: never its secret nor its hash. */
@ObjectType('VirtualKey')
export class VirtualKeyDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first 10 characters of the secret, to recognise it.' })
  prefix!: string;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Routes this key may call; null means every route.' })
  allowedRouteIds!: string[] | null;

  @Field(() => CacheSettingsDto, {
    nullable: true,
    description: 'Response caching for routes that set none.',
  })
  cache!: CacheSettingsDto | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('CreatedVirtualKey')
export class CreatedVirtualKeyDto {
  @Field(() => VirtualKeyDto)
  key!: VirtualKeyDto;

  @Field({ description: 'Shown once: only its hash is stored.' })
  secret!: string;
}
