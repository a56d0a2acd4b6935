import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { SwitchyardDataProvider } from '../dataProvider';
import { useWorkspaceId } from '../workspace/workspaceStore';

export const PERIODS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type Period = keyof typeof PERIODS;

/**
 * The workspace's usage totals over a trailing window. The window start is rounded to the minute so
 * the query key stays stable between renders and refetches hit the same cache entry.
 */
export function useUsageSummary(period: Period, enabled = true) {
  const dataProvider = useDataProvider<SwitchyardDataProvider>();
  const workspaceId = useWorkspaceId();
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const since = new Date(minute - PERIODS[period] * 3_600_000).toISOString();
  return useQuery({
    queryKey: ['usageSummary', workspaceId, since],
    queryFn: () => dataProvider.usageSummary(since),
    enabled: enabled && Boolean(workspaceId),
    placeholderData: (previous) => previous,
    refetchInterval: 30_000,
  });
}
