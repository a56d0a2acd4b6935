import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

@InputType()
export class TestProviderAccountInput extends WorkspaceRecordInput {}

@ObjectType('ProviderConnectionTest', {
  description: "The result of one authenticated call to the provider's models list.",
})
export class ProviderConnectionTestDto {
  @Field({ description: 'The provider answered 2xx with these credentials.' })
  ok!: boolean;

  @Field({
    description: 'False for kinds the control plane cannot test in one call (Bedrock, Vertex, Azure).',
  })
  supported!: boolean;

  @Field(() => Int, { nullable: true, description: "The provider's HTTP status; null when no answer came." })
  status!: number | null;

  @Field(() => Int, { nullable: true })
  latencyMs!: number | null;

  @Field(() => Int, { nullable: true, description: 'Models the provider listed, when its answer says.' })
  models!: number | null;

  @Field({ description: 'What happened, for people.' })
  message!: string;
}
