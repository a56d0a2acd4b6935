import { Field, InputType } from '@nestjs/graphql';
import { MCP_TRANSPORTS } from '@switchyard/proto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BASE_URL_OPTIONS, IsDisplayName, SLUG_PATTERN } from '../../common/validation';
import { McpHeaderInput, McpOAuthInput, TOOL_PATTERN } from './mcp-server.inputs';

const TOOL_MESSAGE = 'tool patterns must be 1-200 printable ASCII characters without whitespace';

/** One key's access to the server, in declarative config. */
@InputType()
export class McpAccessConfigInput {
  @Field({ description: 'A key name of the same workspace.' })
  @IsDisplayName()
  key!: string;

  @Field(() => [String], { nullable: true, description: 'Tool globs; omit for every tool.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(TOOL_PATTERN, { each: true, message: TOOL_MESSAGE })
  allowTools?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(TOOL_PATTERN, { each: true, message: TOOL_MESSAGE })
  denyTools?: string[];
}

/** An MCP server in declarative config, matched by slug within its workspace. */
@InputType()
export class McpServerConfigInput {
  @Field()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1-64 lower-case letters, digits or inner dashes' })
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsUrl(BASE_URL_OPTIONS, { message: 'url must be an http(s) URL, e.g. https://tools.example.com/mcp' })
  @MaxLength(2000)
  url!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(MCP_TRANSPORTS, { message: `transport must be one of: ${MCP_TRANSPORTS.join(', ')}` })
  transport?: string;

  @Field({ nullable: true, description: 'Omitted (with headers and oauth) means no credentials.' })
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

  @Field(() => [McpAccessConfigInput], { nullable: true, description: 'Keys that may use this server.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => McpAccessConfigInput)
  access?: McpAccessConfigInput[];
}
