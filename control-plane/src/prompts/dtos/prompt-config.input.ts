import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsDisplayName, IsSlug, IsStorableText } from '../../common/validation';
import { PromptVersionInput } from './prompt.inputs';

/**
 * A prompt template in declarative config, matched by slug within its workspace. Its
 * versions are matched by content; a declared version no stored version equals is added.
 */
@InputType()
export class PromptConfigInput {
  @Field()
  @IsSlug()
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsStorableText(2000)
  description?: string;

  @Field(() => [PromptVersionInput], {
    description: 'Versions, oldest first; labels on an entry point at its version.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PromptVersionInput)
  versions!: PromptVersionInput[];
}
