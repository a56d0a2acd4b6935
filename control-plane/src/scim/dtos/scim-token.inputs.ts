import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { IsDisplayName } from '../../common/validation';

@InputType()
export class CreateScimTokenInput {
  @Field({ description: 'What the token is for, e.g. "Okta production".' })
  @IsDisplayName()
  name!: string;
}

@InputType()
export class RevokeScimTokenInput {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}
