import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SnapshotInfo', {
  description: 'A compiled config snapshot (content is not exposed: it holds sealed credentials).',
})
export class SnapshotInfoDto {
  @Field(() => Int, { description: 'Monotonic; the data plane reports the version it runs.' })
  version!: number;

  @Field({ description: 'SHA-256 of the canonical content.' })
  hash!: string;

  @Field()
  createdAt!: Date;
}
