import { Field, ID, ObjectType } from '@nestjs/graphql';

/** OIDC sign-in settings as admins see them: whether a client secret is set, never the secret. */
@ObjectType('OidcSettings')
export class OidcSettingsDto {
  @Field({ description: '"database" (saved with setOidcSettings) or "environment" (SWITCHYARD_OIDC_*).' })
  source!: string;

  @Field()
  enabled!: boolean;

  @Field()
  issuer!: string;

  @Field()
  clientId!: string;

  @Field()
  hasClientSecret!: boolean;

  @Field()
  redirectUri!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => ID, { nullable: true, description: 'Where users signing in get the default role.' })
  defaultWorkspaceId!: string | null;

  @Field(() => String, { nullable: true })
  defaultRole!: string | null;

  @Field(() => [String], { description: 'Empty: any domain.' })
  allowedEmailDomains!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'The claim holding group names, mapped to roles by groupRoleMappings.',
  })
  groupsClaim!: string | null;

  @Field()
  postLoginRedirect!: string;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}
