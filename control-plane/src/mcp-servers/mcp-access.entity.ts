import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A virtual key's access to one MCP server of its workspace, narrowed by tool globs. */
@Entity({ name: 'mcp_access' })
export class McpAccessEntity {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @PrimaryColumn({ name: 'server_id', type: 'uuid' })
  serverId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** Globs of tools the key may use; null = every tool. */
  @Column({ name: 'allow_tools', type: 'text', array: true, nullable: true })
  allowTools!: string[] | null;

  /** Globs of tools refused even when allowed. */
  @Column({ name: 'deny_tools', type: 'text', array: true })
  denyTools!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
