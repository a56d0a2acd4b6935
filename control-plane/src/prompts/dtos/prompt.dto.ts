import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../../common/json.scalar';

@ObjectType('PromptMessage')
export class PromptMessageDto {
  @Field({ description: 'system, developer, user or assistant.' })
  role!: string;

  @Field({ description: 'Mustache text: {{name}} is replaced by the variable name (no HTML escaping).' })
  content!: string;
}

@ObjectType('PromptLabel')
export class PromptLabelDto {
  @Field()
  label!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  updatedBy!: string;

  @Field()
  updatedAt!: Date;
}

@ObjectType('PromptVersion', { description: 'An immutable version of a prompt template.' })
export class PromptVersionDto {
  @Field(() => ID)
  promptId!: string;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'The route alias the rendered request is sent to.' })
  model!: string;

  @Field(() => [PromptMessageDto])
  messages!: PromptMessageDto[];

  @Field(() => JsonObjectScalar, { description: 'Request parameters (temperature, max_tokens, …).' })
  params!: Record<string, unknown>;

  @Field(() => [String], { description: 'Variables a render must be given, detected from the template.' })
  variables!: string[];

  @Field(() => [String], { description: 'Variables used only as section conditions; may be left out.' })
  optionalVariables!: string[];

  @Field(() => [String], { description: 'Labels naming this version.' })
  labels!: string[];

  @Field({
    description:
      'Whether gateway nodes serve this version: labeled versions and the newest 10 are; older ones answer 404.',
  })
  served!: boolean;

  @Field()
  createdBy!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType('Prompt', { description: 'A prompt template: versions (immutable) and labels (movable).' })
export class PromptDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'Unique in the workspace; clients call /v1/prompts/<id or slug>/completions.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true, description: 'The newest version; null before the first.' })
  latestVersion!: number | null;

  @Field(() => [PromptLabelDto])
  labels!: PromptLabelDto[];

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
