import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A group pushed by the identity provider; its displayName is what role mappings name. */
@Entity({ name: 'scim_groups' })
export class ScimGroupEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Unique case-insensitively. */
  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A user in a SCIM group. */
@Entity({ name: 'scim_group_members' })
export class ScimGroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;
}
