import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { SwitchyardDataProvider } from '../dataProvider';

export const NODES_REFRESH_MS = 5000;

/** The newest published snapshot, polled like the node list so drift shows up without a reload. */
export function useLatestSnapshot() {
  const dataProvider = useDataProvider<SwitchyardDataProvider>();
  return useQuery({
    queryKey: ['latestSnapshot'],
    queryFn: () => dataProvider.latestSnapshot(),
    refetchInterval: NODES_REFRESH_MS,
  });
}
