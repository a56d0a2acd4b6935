import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One target of a route, in order. A row per target (rather than JSON) so the database
 * refuses to delete a provider that a route still uses.
 */
@Entity({ name: 'route_targets' })
export class RouteTargetEntity {
  @PrimaryColumn({ name: 'route_id', type: 'uuid' })
  routeId!: string;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  /** A provider of the same workspace as the route (checked by the service). */
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  @Column({ type: 'varchar', length: 200 })
  model!: string;
}
