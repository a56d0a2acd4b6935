import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../auth/principal';
import { BASE_URL_OPTIONS } from '../../common/validation';

@InputType()
export class SetOidcSettingsInput {
  @Field({ defaultValue: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field({ description: 'The issuer URL; its /.well-known/openid-configuration is read at sign-in.' })
  @IsUrl(BASE_URL_OPTIONS)
  @MaxLength(500)
  issuer!: string;

  @Field()
  @IsString()
  @Length(1, 255)
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Sealed at rest and never returned. Omit to keep the saved one; null or "" removes it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  clientSecret?: string | null;

  @Field({ description: 'This control plane’s /auth/oidc/callback, as registered at the provider.' })
  @IsUrl(BASE_URL_OPTIONS)
  @MaxLength(1000)
  redirectUri!: string;

  @Field(() => [String], { nullable: true, description: 'Default: openid email profile.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(/^[\x21-\x7e]{1,100}$/, { each: true, message: 'scopes must be printable words' })
  scopes?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  defaultWorkspaceId?: string | null;

  @Field(() => String, { nullable: true, description: 'owner, admin, member or viewer.' })
  @IsOptional()
  @IsIn(WORKSPACE_ROLES)
  defaultRole?: WorkspaceRole | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(/^@?[a-z0-9.-]+\.[a-z0-9-]+$/i, {
    each: true,
    message: 'allowedEmailDomains must be domain names',
  })
  allowedEmailDomains?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  groupsClaim?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the browser goes after sign-in (the session token in the URL fragment). Default "/".',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  postLoginRedirect?: string;
}
