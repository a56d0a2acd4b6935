import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UsageRecordPageDto, UsageRecordDto, UsageSummaryDto } from './dtos/usage-record.dto';
import { UsageRecordsArgs, UsageSummaryArgs } from './dtos/usage.args';
import { toUsageRecordDto } from './usage.mapper';
import { UsageService } from './usage.service';

@Roles(Role.InstallationAdmin)
@Resolver(() => UsageRecordDto)
export class UsageResolver {
  constructor(private readonly usage: UsageService) {}

  @Query(() => UsageRecordPageDto, { description: 'Newest first.' })
  async usageRecords(@Args() args: UsageRecordsArgs): Promise<UsageRecordPageDto> {
    const { items, total } = await this.usage.list(args.workspaceId, args.filter, args.limit, args.offset);
    return { items: items.map(toUsageRecordDto), total };
  }

  @Query(() => UsageSummaryDto)
  async usageSummary(@Args() args: UsageSummaryArgs): Promise<UsageSummaryDto> {
    return this.usage.summary(args.workspaceId, args.since, args.until);
  }
}
