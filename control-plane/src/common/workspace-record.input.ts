import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

/**
 * Names one record of a workspace. Every mutation on such a record takes both ids and
 * looks the record up by the pair, so an id from another workspace is never found.
 */
@InputType({ isAbstract: true })
export class WorkspaceRecordInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}
