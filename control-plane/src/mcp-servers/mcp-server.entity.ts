import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A remote MCP server of a workspace, which keys reach through `/mcp/<slug>` on the gateway. */
@Entity({ name: 'mcp_servers' })
export class McpServerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Unique within the workspace; the path segment clients use and the aggregate tool prefix. */
  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** `streamable-http` or `sse`. */
  @Column({ type: 'varchar', length: 32 })
  transport!: string;

  /** `none`, `bearer`, `headers` or `oauth`: what kind of credentials are stored, shown in the API. */
  @Column({ name: 'auth_type', type: 'varchar', length: 16 })
  authType!: string;

  /** `McpServerCredentials` JSON sealed under the master key (context `mcp-server:<id>`), or null. Never exposed. */
  @Column({ name: 'credentials_sealed', type: 'text', nullable: true })
  credentialsSealed!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
