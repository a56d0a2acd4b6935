import type { SnapshotBreaker, SnapshotRetry } from '@switchyard/proto';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One target of a route, in order. A row per target (rather than JSON) so the database
 * refuses to delete a provider, or a nested route, that a route still uses. Exactly one of
 * `providerId` and `targetRouteId` is set (a check constraint says so).
 */
@Entity({ name: 'route_targets' })
export class RouteTargetEntity {
  @PrimaryColumn({ name: 'route_id', type: 'uuid' })
  routeId!: string;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  /** A provider of the same workspace as the route (checked by the service). */
  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId!: string | null;

  /** A route of the same workspace (checked by the service); then `model` is empty. */
  @Column({ name: 'target_route_id', type: 'uuid', nullable: true })
  targetRouteId!: string | null;

  @Column({ type: 'varchar', length: 200 })
  model!: string;

  @Column({ type: 'double precision', nullable: true })
  weight!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  overrides!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  retry!: SnapshotRetry | null;

  @Column({ name: 'timeout_ms', type: 'int', nullable: true })
  timeoutMs!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  breaker!: SnapshotBreaker | null;
}
