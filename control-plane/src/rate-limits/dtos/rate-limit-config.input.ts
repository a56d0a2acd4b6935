import { Field, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsDisplayName, IsToken } from '../../common/validation';
import { RateLimitSettingsInput } from './rate-limit.inputs';

/** A rate limit in declarative config: on a key (by name), a route (by alias), or neither (the workspace). */
@InputType()
export class RateLimitConfigInput extends RateLimitSettingsInput {
  @Field({ nullable: true, description: 'A key name of the same workspace.' })
  @IsOptional()
  @IsDisplayName()
  key?: string;

  @Field({ nullable: true, description: 'A route alias of the same workspace.' })
  @IsOptional()
  @IsToken()
  route?: string;
}
