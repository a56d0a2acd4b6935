import { Field, ID, ObjectType } from '@nestjs/graphql';

/** The public shape of an MCP server: credentials are write-only, only their kind shows. */
@ObjectType('McpServer')
export class McpServerDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  workspaceId!: string;

  @Field({ description: 'Clients connect to `/mcp/<slug>`; aggregate tool names are `<slug>__<tool>`.' })
  slug!: string;

  @Field()
  name!: string;

  @Field({ description: 'The upstream MCP endpoint.' })
  url!: string;

  @Field({ description: 'streamable-http or sse.' })
  transport!: string;

  @Field({ description: 'none, bearer, headers or oauth. The credentials themselves are never returned.' })
  authType!: string;

  @Field(() => [String], { description: 'Names of the extra headers sent upstream (values are secret).' })
  headerNames!: string[];

  @Field(() => String, { nullable: true, description: 'OAuth client credentials: the token URL.' })
  oauthTokenUrl!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('McpAccess', { description: "A key's access to one MCP server." })
export class McpAccessDto {
  @Field(() => ID)
  workspaceId!: string;

  @Field(() => ID)
  keyId!: string;

  @Field(() => ID)
  serverId!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Tool globs the key may call (`*`, `?`); null means every tool.',
  })
  allowTools!: string[] | null;

  @Field(() => [String], { description: 'Tool globs refused even when allowed.' })
  denyTools!: string[];
}
