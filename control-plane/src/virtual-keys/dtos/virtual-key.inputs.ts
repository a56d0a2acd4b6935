import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CacheSettingsInput } from '../../routes/dtos/cache-settings.inputs';
import { IsDisplayName } from '../../common/validation';
import { FIXED_SECRET_PATTERN } from '../../crypto/key-secret';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

@InputType()
export class CreateVirtualKeyInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Routes of this workspace the key may call; omit for all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  allowedRouteIds?: string[] | null;

  @Field({ nullable: true, description: 'A fixed secret (dev/test); generated when omitted.' })
  @IsOptional()
  @IsString()
  @Matches(FIXED_SECRET_PATTERN, {
    message: 'secret must be 16-256 printable ASCII characters without whitespace',
  })
  secret?: string;

  @Field(() => CacheSettingsInput, {
    nullable: true,
    description: "Response caching for this key's calls to routes that set none; omit for none.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsInput)
  cache?: CacheSettingsInput | null;
}

@InputType()
export class UpdateVirtualKeyInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field(() => Date, { nullable: true, description: 'Omit to keep; null removes the expiry.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Omit to keep; null allows every route.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  allowedRouteIds?: string[] | null;

  @Field(() => CacheSettingsInput, {
    nullable: true,
    description:
      "Response caching for this key's calls to routes that set none; omit to keep, null to turn off.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsInput)
  cache?: CacheSettingsInput | null;
}

@InputType()
export class RevokeVirtualKeyInput extends WorkspaceRecordInput {}
