import { Field, ID, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../../common/json.scalar';

@ObjectType('GuardrailCheck')
export class GuardrailCheckDto {
  @Field({ description: 'Unique within the policy; errors, headers and metrics name the check by it.' })
  name!: string;

  @Field({ description: 'A check type of `guardrailCheckTypes`.' })
  type!: string;

  @Field(() => JsonObjectScalar)
  params!: Record<string, unknown>;

  @Field(() => String, {
    nullable: true,
    description: "deny, redact or flag; null uses the policy's action.",
  })
  action!: string | null;
}

@ObjectType('GuardrailAttachment', {
  description: 'Where a policy applies: the whole workspace (keyId and routeId null), one key or one route.',
})
export class GuardrailAttachmentDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  policyId!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field(() => ID, { nullable: true })
  keyId!: string | null;

  @Field(() => ID, { nullable: true })
  routeId!: string | null;
}

@ObjectType('GuardrailPolicy')
export class GuardrailPolicyDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field()
  name!: string;

  @Field({ description: 'input, output or both.' })
  stage!: string;

  @Field({ description: 'sync (enforced) or async (evaluated and recorded only).' })
  mode!: string;

  @Field({ description: 'The action of checks that set none: deny, redact or flag.' })
  action!: string;

  @Field(() => [GuardrailCheckDto])
  checks!: GuardrailCheckDto[];

  @Field(() => [GuardrailAttachmentDto])
  attachments!: GuardrailAttachmentDto[];

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('GuardrailCheckType', { description: 'A check of the native catalogue.' })
export class GuardrailCheckTypeDto {
  @Field()
  type!: string;

  @Field({ description: 'What it checks and its parameters.' })
  description!: string;

  @Field(() => [String], { description: 'Stages it runs on (input, output).' })
  stages!: string[];

  @Field({ description: 'Whether redact is a valid action (it can say which text fails).' })
  redacts!: boolean;

  @Field({ description: 'Needs the gateway (LLM judge, webhook): not run by tryGuardrailPolicy.' })
  external!: boolean;
}

@ObjectType('GuardrailVerdict')
export class GuardrailVerdictDto {
  @Field()
  policy!: string;

  @Field()
  check!: string;

  @Field()
  stage!: string;

  @Field({ description: 'pass, deny, redact, flag or error.' })
  verdict!: string;

  @Field(() => String, { nullable: true })
  detail!: string | null;
}

@ObjectType('GuardrailTryResult')
export class GuardrailTryResultDto {
  @Field(() => [GuardrailVerdictDto])
  verdicts!: GuardrailVerdictDto[];

  @Field(() => GuardrailVerdictDto, { nullable: true, description: 'The check that denied, if one did.' })
  denied!: GuardrailVerdictDto | null;

  @Field({ description: 'The text after redaction (unchanged when denied or nothing matched).' })
  text!: string;
}
