import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { IsDisplayName, IsSlug } from '../../common/validation';
import {
  AreMcpHeaders,
  IsBearerToken,
  IsMcpOAuth,
  IsMcpTransport,
  IsMcpUrl,
  IsToolGlobs,
  McpHeaderInput,
  McpOAuthInput,
} from './mcp-server.inputs';

/** One key's access to the server, in declarative config. */
@InputType()
export class McpAccessConfigInput {
  @Field({ description: 'A key name of the same workspace.' })
  @IsDisplayName()
  key!: string;

  @Field(() => [String], { nullable: true, description: 'Tool globs; omit for every tool.' })
  @IsOptional()
  @IsToolGlobs()
  allowTools?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsToolGlobs()
  denyTools?: string[];
}

/** An MCP server in declarative config, matched by slug within its workspace. */
@InputType()
export class McpServerConfigInput {
  @Field()
  @IsSlug()
  slug!: string;

  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsMcpUrl()
  url!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsMcpTransport()
  transport?: string;

  @Field({ nullable: true, description: 'Omitted (with headers and oauth) means no credentials.' })
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

  @Field(() => [McpAccessConfigInput], { nullable: true, description: 'Keys that may use this server.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => McpAccessConfigInput)
  access?: McpAccessConfigInput[];
}
