import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** How a session was started. */
export type SessionMethod = 'password' | 'oidc';

/** One issued session token; its id is the JWT's `jti`. A session is valid until it expires or is revoked. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  method!: SessionMethod;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
