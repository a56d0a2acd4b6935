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
import { BASE_URL_OPTIONS, IsDisplayName, SLUG_PATTERN } from '../../common/validation';
import { WorkspaceRecordInput } from '../../common/workspace-record.input';

const URL_MESSAGE = 'url must be an http(s) URL, e.g. https://tools.example.com/mcp';
const TRANSPORT_MESSAGE = `transport must be one of: ${MCP_TRANSPORTS.join(', ')}`;
/** Printable ASCII without whitespace; `*` and `?` are wildcards. */
export const TOOL_PATTERN = /^[\x21-\x7e]{1,200}$/;
const TOOL_MESSAGE = 'tool patterns must be 1-200 printable ASCII characters without whitespace';

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
  @IsString()
  @Length(1, 4096)
  @Matches(/^[\x21-\x7e]+$/, { message: 'bearerToken must be printable ASCII without whitespace' })
  bearerToken?: string;

  @Field(() => [McpHeaderInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => McpHeaderInput)
  headers?: McpHeaderInput[];

  @Field(() => McpOAuthInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => McpOAuthInput)
  oauth?: McpOAuthInput;
}

@InputType()
export class CreateMcpServerInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId!: string;

  @Field()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1-64 lower-case letters, digits or inner dashes' })
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  url!: string;

  @Field({ nullable: true, description: 'streamable-http (default) or sse.' })
  @IsOptional()
  @IsIn(MCP_TRANSPORTS, { message: TRANSPORT_MESSAGE })
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
  @IsUrl(BASE_URL_OPTIONS, { message: URL_MESSAGE })
  @MaxLength(2000)
  url?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(MCP_TRANSPORTS, { message: TRANSPORT_MESSAGE })
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
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(TOOL_PATTERN, { each: true, message: TOOL_MESSAGE })
  allowTools?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Tool globs refused even when allowed.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(TOOL_PATTERN, { each: true, message: TOOL_MESSAGE })
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
