import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

@InputType()
export class AuditLogFilterInput {
  @Field(() => ID, {
    nullable: true,
    description: "One workspace's entries (Role.Admin of it); without it, every entry (installation admins).",
  })
  @IsOptional()
  @IsUUID('all')
  workspaceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @Field({ nullable: true, description: 'A mutation name, e.g. updateRoute.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @Field({ nullable: true, description: 'The target type, or the type of any record the mutation changed.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetType?: string;

  @Field({ nullable: true, description: 'The target id, or the id of any record the mutation changed.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @Field({ nullable: true, description: 'Inclusive lower bound of occurredAt.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Exclusive upper bound of occurredAt.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilterInput)
  filter?: AuditLogFilterInput;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}
