import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { MAX_RATE_LIMIT_WINDOW_SECONDS } from '@switchyard/proto';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

/** The numbers of a rate limit; shared by the API and the YAML config. */
@InputType({ isAbstract: true })
export class RateLimitSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Requests admitted per window; omit for no limit.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  requestsPerWindow?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Tokens (input + output, as upstreams report them) per window; omit for no limit.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  tokensPerWindow?: number;

  @Field(() => Int, { nullable: true, description: 'Window length in seconds (default 60: per minute).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT_WINDOW_SECONDS)
  windowSeconds?: number;

  @Field(() => Int, { nullable: true, description: 'Requests in flight at once; omit for no limit.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  concurrent?: number;
}

/** Sets (creates or replaces) the limit of a workspace (no keyId, no routeId), a key or a route. */
@InputType()
export class SetRateLimitInput extends RateLimitSettingsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID, { nullable: true, description: 'A key of the workspace: limits every request it makes.' })
  @IsOptional()
  @IsUUID('all')
  keyId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A route of the workspace: limits every request to it, whatever the key.',
  })
  @IsOptional()
  @IsUUID('all')
  routeId?: string;
}

@InputType()
export class DeleteRateLimitInput extends WorkspaceRecordInput {}
