import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UsageBucketDto, UsageRecordPageDto, UsageRecordDto, UsageSummaryDto } from './dtos/usage-record.dto';
import {
  InstallationUsageTimeseriesArgs,
  UsageRecordsArgs,
  UsageSummaryArgs,
  UsageTimeseriesArgs,
} from './dtos/usage.args';
import { toUsageRecordDto } from './usage.mapper';
import { UsageService } from './usage.service';

@Resolver(() => UsageRecordDto)
export class UsageResolver {
  constructor(private readonly usage: UsageService) {}

  @Roles(Role.Viewer)
  @Query(() => UsageRecordPageDto, { description: 'Newest first.' })
  async usageRecords(@Args() args: UsageRecordsArgs): Promise<UsageRecordPageDto> {
    const { items, total } = await this.usage.list(args.workspaceId, args.filter, args.limit, args.offset);
    return { items: items.map(toUsageRecordDto), total };
  }

  @Roles(Role.Viewer)
  @Query(() => UsageSummaryDto)
  async usageSummary(@Args() args: UsageSummaryArgs): Promise<UsageSummaryDto> {
    return this.usage.summary(args.workspaceId, args.since, args.until);
  }

  @Roles(Role.Viewer)
  @Query(() => [UsageBucketDto], {
    description:
      'Usage per time bucket over [from, to), optionally a series per model, key or route; empty buckets left out.',
  })
  async usageTimeseries(@Args() args: UsageTimeseriesArgs): Promise<UsageBucketDto[]> {
    return this.usage.timeseries(args.workspaceId, args.from, args.to, args.bucket, args.groupBy);
  }

  @Roles(Role.InstallationAdmin)
  @Query(() => [UsageBucketDto], {
    description:
      'usageTimeseries over every workspace of the installation, optionally a series per workspace (installation admins only).',
  })
  async installationUsageTimeseries(
    @Args() args: InstallationUsageTimeseriesArgs,
  ): Promise<UsageBucketDto[]> {
    return this.usage.timeseries('all', args.from, args.to, args.bucket, args.groupBy);
  }
}
