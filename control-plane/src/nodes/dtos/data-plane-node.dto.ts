import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('DataPlaneNode', { description: "A gateway node's last heartbeat." })
export class DataPlaneNodeDto {
  @Field()
  nodeId!: string;

  @Field()
  hostname!: string;

  @Field(() => Int, { description: 'The snapshot version the node runs; 0 before its first.' })
  snapshotVersion!: number;

  @Field()
  snapshotHash!: string;

  @Field(() => Number)
  uptimeSeconds!: number;

  @Field()
  softwareVersion!: string;

  @Field(() => Int, { description: 'Usage records waiting in memory.' })
  usageQueueDepth!: number;

  @Field(() => Int, { description: 'Usage records waiting on disk.' })
  usageSpilled!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last snapshot offered was rejected, if it was.',
  })
  lastSnapshotError!: string | null;

  @Field(() => String, { nullable: true })
  gatewayUrl!: string | null;

  @Field()
  lastSeenAt!: Date;
}
