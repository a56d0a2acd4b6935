import { Field, ID, InputType } from '@nestjs/graphql';
import { GUARDRAIL_ACTIONS, GUARDRAIL_MODES, GUARDRAIL_STAGES } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { JsonObjectScalar } from '../../common/json.scalar';
import { IsDisplayName } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

const ACTION_MESSAGE = `action must be one of: ${GUARDRAIL_ACTIONS.join(', ')}`;
const STAGE_MESSAGE = `stage must be one of: ${GUARDRAIL_STAGES.join(', ')}`;
const MODE_MESSAGE = `mode must be one of: ${GUARDRAIL_MODES.join(', ')}`;

@InputType()
export class GuardrailCheckInput {
  @Field({ nullable: true, description: 'Unique within the policy; defaults to the type.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @Field({ description: 'A check type of `guardrailCheckTypes`, e.g. pii, regex_deny, json_schema.' })
  @IsString()
  @Length(1, 64)
  type!: string;

  @Field(() => JsonObjectScalar, { nullable: true, description: "The check's parameters; {} when omitted." })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @Field({ nullable: true, description: "Overrides the policy's action." })
  @IsOptional()
  @IsIn(GUARDRAIL_ACTIONS, { message: ACTION_MESSAGE })
  action?: string;
}

@InputType()
export class CreateGuardrailPolicyInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field({ nullable: true, description: 'input, output or both (default both).' })
  @IsOptional()
  @IsIn(GUARDRAIL_STAGES, { message: STAGE_MESSAGE })
  stage?: string;

  @Field({ nullable: true, description: 'sync (default) or async (record only).' })
  @IsOptional()
  @IsIn(GUARDRAIL_MODES, { message: MODE_MESSAGE })
  mode?: string;

  @Field({ nullable: true, description: 'deny (default), redact or flag.' })
  @IsOptional()
  @IsIn(GUARDRAIL_ACTIONS, { message: ACTION_MESSAGE })
  action?: string;

  @Field(() => [GuardrailCheckInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GuardrailCheckInput)
  checks!: GuardrailCheckInput[];
}

@InputType()
export class UpdateGuardrailPolicyInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_STAGES, { message: STAGE_MESSAGE })
  stage?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_MODES, { message: MODE_MESSAGE })
  mode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(GUARDRAIL_ACTIONS, { message: ACTION_MESSAGE })
  action?: string;

  @Field(() => [GuardrailCheckInput], { nullable: true, description: 'Replaces every check.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GuardrailCheckInput)
  checks?: GuardrailCheckInput[];
}

@InputType()
export class DeleteGuardrailPolicyInput extends WorkspaceRecordInput {}

/** A policy applied to the workspace (neither keyId nor routeId), a key, or a route. */
@InputType()
export class GuardrailAttachmentInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  policyId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  keyId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  routeId?: string | null;
}

@InputType({
  description: 'Runs a stored policy (policyId) or unsaved checks on sample text, as the gateway would.',
})
export class TryGuardrailPolicyInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  policyId?: string;

  @Field(() => [GuardrailCheckInput], {
    nullable: true,
    description: 'Checks to try instead of a stored policy.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GuardrailCheckInput)
  checks?: GuardrailCheckInput[];

  @Field({ nullable: true, description: 'The action of the unsaved checks (default deny).' })
  @IsOptional()
  @IsIn(GUARDRAIL_ACTIONS, { message: ACTION_MESSAGE })
  action?: string;

  @Field({ description: 'input or output.' })
  @IsIn(['input', 'output'], { message: 'stage must be input or output' })
  stage!: string;

  @Field()
  @IsString()
  @Length(0, 100_000)
  text!: string;

  @Field({ nullable: true, description: 'The model (route alias) the request names, for model_allowlist.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  model?: string;

  @Field(() => JsonObjectScalar, { nullable: true, description: 'Request metadata, for required_metadata.' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
