import type { SnapshotContent } from '@switchyard/proto';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every snapshot ever compiled; the highest version is the current one. Rows are never updated. */
@Entity({ name: 'snapshots' })
export class SnapshotEntity {
  /** bigserial, returned by pg as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  version!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'jsonb' })
  content!: SnapshotContent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
