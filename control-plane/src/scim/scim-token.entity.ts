import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A bearer token an identity provider uses on `/scim/v2`. Only its SHA-256 is stored. */
@Entity({ name: 'scim_tokens' })
export class ScimTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the secret, to recognise it. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
