import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { MCP_TRANSPORTS } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BASE_URL_OPTIONS, IsDisplayName, IsSlug, stacked } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

/** Printable ASCII without whitespace; `*` and `?` are wildcards. */
export const TOOL_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** An MCP server's URL: http(s), up to 2,000 characters. */
export function IsMcpUrl(): PropertyDecorator {
  return stacked(
    IsUrl(BASE_URL_OPTIONS, { message: 'url must be an http(s) URL, e.g. https://tools.example.com/mcp' }),
    MaxLength(2000),
  );
}

/** One of `MCP_TRANSPORTS`. */
export function IsMcpTransport(): PropertyDecorator {
  return IsIn(MCP_TRANSPORTS, { message: `transport must be one of: ${MCP_TRANSPORTS.join(', ')}` });
}

/** A list of up to 1,000 tool globs (`TOOL_PATTERN`). */
export function IsToolGlobs(): PropertyDecorator {
  return stacked(
    IsArray(),
    ArrayMaxSize(1000),
    Matches(TOOL_PATTERN, {
      each: true,
      message: 'tool patterns must be 1-200 printable ASCII characters without whitespace',
    }),
  );
}

/** A bearer token: 1 to 4,096 printable ASCII characters without whitespace. */
export function IsBearerToken(): PropertyDecorator {
  return stacked(
    IsString(),
    Length(1, 4096),
    Matches(/^[\x21-\x7e]+$/, { message: 'bearerToken must be printable ASCII without whitespace' }),
  );
}

/** Up to 50 `McpHeaderInput`s. */
export function AreMcpHeaders(): PropertyDecorator {
  return stacked(
    IsArray(),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
    Type(() => McpHeaderInput),
  );
}

/** One `McpOAuthInput`. */
export function IsMcpOAuth(): PropertyDecorator {
  return stacked(
    ValidateNested(),
    Type(() => McpOAuthInput),
  );
}

@InputType()
export class McpHeaderInput {
  @Field()
  @IsString()
  @Matches(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, { message: 'name must be an HTTP header name' })
  name!: string;

  @Field({ description: 'Stored encrypted; never returned.' })
  @IsString()
  @Length(1, 4096)
  @Matches(/^[\t\x20-\x7e]*$/, { message: 'value must be printable ASCII' })
  value!: string;
}

@InputType()
export class McpOAuthInput {
  @Field({ description: 'Where the client credentials grant is sent.' })
  @IsUrl(BASE_URL_OPTIONS, { message: 'tokenUrl must be an http(s) URL' })
  @MaxLength(2000)
  tokenUrl!: string;

  @Field()
  @IsString()
  @Length(1, 1000)
  clientId!: string;

  @Field({ description: 'Stored encrypted; never returned.' })
  @IsString()
  @Length(1, 4096)
  clientSecret!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  scope?: string;
}

/** Upstream credentials: a bearer token and/or headers, or OAuth client credentials (and/or headers). */
@InputType()
export class McpAuthInput {
  @Field({ nullable: true, description: 'Sent as `Authorization: Bearer <token>`. Stored encrypted.' })
  @IsOptional()
  @IsBearerToken()
  bearerToken?: string;

  @Field(() => [McpHeaderInput], { nullable: true })
  @IsOptional()
  @AreMcpHeaders()
  headers?: McpHeaderInput[];

  @Field(() => McpOAuthInput, { nullable: true })
  @IsOptional()
  @IsMcpOAuth()
  oauth?: McpOAuthInput;
}

@InputType()
export class CreateMcpServerInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsSlug()
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsMcpUrl()
  url!: string;

  @Field({ nullable: true, description: 'streamable-http (default) or sse.' })
  @IsOptional()
  @IsMcpTransport()
  transport?: string;

  @Field(() => McpAuthInput, { nullable: true, description: 'Omit for a server that needs none.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpAuthInput)
  auth?: McpAuthInput;
}

@InputType()
export class UpdateMcpServerInput extends WorkspaceRecordInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsDisplayName()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsMcpUrl()
  url?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsMcpTransport()
  transport?: string;

  @Field(() => McpAuthInput, {
    nullable: true,
    description: 'Omit to keep the stored credentials; null removes them; a value replaces them.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpAuthInput)
  auth?: McpAuthInput | null;
}

@InputType()
export class DeleteMcpServerInput extends WorkspaceRecordInput {}

@InputType()
export class SetMcpAccessInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  keyId!: string;

  @Field(() => ID)
  @IsUUID('all')
  serverId!: string;

  @Field(() => [String], { nullable: true, description: 'Tool globs; omit or null for every tool.' })
  @IsOptional()
  @IsToolGlobs()
  allowTools?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Tool globs refused even when allowed.' })
  @IsOptional()
  @IsToolGlobs()
  denyTools?: string[];
}

@InputType()
export class RemoveMcpAccessInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID)
  @IsUUID('all')
  keyId!: string;

  @Field(() => ID)
  @IsUUID('all')
  serverId!: string;
}

@ArgsType()
export class McpAccessArgs {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field(() => ID, { nullable: true, description: 'Only this key.' })
  @IsOptional()
  @IsUUID('all')
  keyId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this server.' })
  @IsOptional()
  @IsUUID('all')
  serverId?: string;
}
