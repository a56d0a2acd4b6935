import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Where a policy applies: its whole workspace (no key, no route), one key, or one route. */
@Entity({ name: 'guardrail_attachments' })
export class GuardrailAttachmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'route_id', type: 'uuid', nullable: true })
  routeId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
