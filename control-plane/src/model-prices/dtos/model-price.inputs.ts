import { Field, Float, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { PROVIDER_KINDS } from '@switchyard/proto';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsToken } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

const MICRO_USD = 'Integer micro-USD per million tokens (3000000 = $3/MTok).';

/** The price fields; on create the required ones are required, on update every field is optional. */
@InputType({ isAbstract: true })
class ModelPriceFieldsInput {
  @Field(() => Float, { nullable: true, description: `${MICRO_USD} Omit (on update) to keep; null clears.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  cachedInputPerMTok?: number | null;

  @Field(() => Int, { nullable: true, description: 'Tokens. Omit (on update) to keep; null clears.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  contextWindow?: number | null;
}

@InputType()
export class CreateModelPriceInput extends ModelPriceFieldsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field({ description: PROVIDER_KINDS.join(', ') })
  @IsIn(PROVIDER_KINDS, { message: `providerKind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  providerKind!: string;

  @Field()
  @IsToken()
  model!: string;

  @Field(() => Float, { description: MICRO_USD })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  inputPerMTok!: number;

  @Field(() => Float, { description: MICRO_USD })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  outputPerMTok!: number;
}

@InputType()
export class UpdateModelPriceInput extends IntersectionType(WorkspaceRecordInput, ModelPriceFieldsInput) {
  @Field(() => Float, { nullable: true, description: MICRO_USD })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  inputPerMTok?: number;

  @Field(() => Float, { nullable: true, description: MICRO_USD })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  outputPerMTok?: number;
}

@InputType()
export class DeleteModelPriceInput extends WorkspaceRecordInput {}
