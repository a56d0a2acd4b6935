import { ArgsType, Field, ID } from '@nestjs/graphql';
import { PROVIDER_KINDS } from '@switchyard/proto';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@ArgsType()
export class ModelsArgs {
  @Field(() => ID, { nullable: true, description: "Apply this workspace's price overrides." })
  @IsOptional()
  @IsUUID('all')
  workspaceId?: string;

  @Field({ nullable: true, description: 'Only models of this provider kind.' })
  @IsOptional()
  @IsIn(PROVIDER_KINDS, { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind?: string;

  @Field({ nullable: true, description: 'Case-insensitive substring of the model id.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
