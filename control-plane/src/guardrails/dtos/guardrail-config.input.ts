import { Field, InputType } from '@nestjs/graphql';
import { GUARDRAIL_ACTIONS, GUARDRAIL_MODES, GUARDRAIL_STAGES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { IsDisplayName } from '../../common/validation';
import { GuardrailCheckInput } from './guardrail.inputs';

/** Where a declared policy applies; the whole set (attachments not listed are removed). */
@InputType()
export class GuardrailAttachConfigInput {
  @Field({ nullable: true, description: 'Every request of the workspace.' })
  @IsOptional()
  @IsBoolean()
  workspace?: boolean;

  @Field(() => [String], { nullable: true, description: 'Key names of the workspace.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  keys?: string[];

  @Field(() => [String], { nullable: true, description: 'Route aliases of the workspace.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  routes?: string[];
}

/** A guardrail policy in declarative config, matched by name within its workspace. */
@InputType()
export class GuardrailConfigInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_STAGES)
  stage?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_MODES)
  mode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_ACTIONS)
  action?: string;

  @Field(() => [GuardrailCheckInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GuardrailCheckInput)
  checks!: GuardrailCheckInput[];

  @Field(() => GuardrailAttachConfigInput, { nullable: true, description: 'Omitted: attached nowhere.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardrailAttachConfigInput)
  attach?: GuardrailAttachConfigInput;
}
