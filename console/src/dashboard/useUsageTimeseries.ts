import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { SwitchyardDataProvider } from '../dataProvider';
import type { InstallationGroupBy } from '../dataProvider/usage';
import type { UsageBucket } from '../usage/types';
import { useWorkspaceId } from '../workspace/workspaceStore';
import { PERIODS, type Period } from './useUsageSummary';

/** Hourly buckets up to a week, daily beyond: at most a few hundred points per series. */
export const BUCKET_OF: Record<Period, { name: 'hour' | 'day'; ms: number }> = {
  '24h': { name: 'hour', ms: 3_600_000 },
  '7d': { name: 'hour', ms: 3_600_000 },
  '30d': { name: 'day', ms: 86_400_000 },
};

/** One workspace's usage (the selected one), or every workspace's (installation admins). */
export type UsageScope = 'workspace' | 'installation';

export interface UsageSeries {
  from: number;
  to: number;
  bucketMs: number;
  buckets: UsageBucket[];
}

/**
 * Usage per bucket over the trailing period, ending at the next whole bucket so the current one is
 * included. The window is rounded to the minute to keep the query key stable.
 */
export function useUsageTimeseries(
  period: Period,
  groupBy?: InstallationGroupBy,
  scope: UsageScope = 'workspace',
) {
  const dataProvider = useDataProvider<SwitchyardDataProvider>();
  const workspaceId = useWorkspaceId();
  const bucket = BUCKET_OF[period];
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const to = Math.ceil((minute + 1) / bucket.ms) * bucket.ms;
  const from = to - Math.ceil((PERIODS[period] * 3_600_000) / bucket.ms) * bucket.ms;
  return useQuery({
    queryKey: [
      'usageTimeseries',
      scope === 'installation' ? 'installation' : workspaceId,
      from,
      to,
      bucket.name,
      groupBy ?? null,
    ],
    queryFn: async (): Promise<UsageSeries> => {
      const range = [new Date(from).toISOString(), new Date(to).toISOString(), bucket.name] as const;
      const buckets =
        scope === 'installation'
          ? await dataProvider.installationUsageTimeseries(...range, groupBy)
          : await dataProvider.usageTimeseries(...range, groupBy === 'workspace' ? undefined : groupBy);
      return { from, to, bucketMs: bucket.ms, buckets };
    },
    enabled: scope === 'installation' || Boolean(workspaceId),
    placeholderData: (previous) => previous,
    refetchInterval: 30_000,
  });
}
