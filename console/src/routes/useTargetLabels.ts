import { useGetList } from 'react-admin';
import type { ProviderAccount } from '../providers/types';
import type { Route, RouteTarget } from './types';

const ALL = { pagination: { page: 1, perPage: 1000 } } as const;

/**
 * Names a target the way people think of it: "provider → model", or "↪ alias" for another route.
 * One cached provider and route list serves every row.
 */
export function useTargetLabels() {
  const { data: providers } = useGetList<ProviderAccount>('providers', {
    ...ALL,
    sort: { field: 'name', order: 'ASC' },
  });
  const { data: routes } = useGetList<Route>('routes', { ...ALL, sort: { field: 'alias', order: 'ASC' } });
  return (target: Partial<RouteTarget> | null | undefined): string => {
    if (!target) return '—';
    if (target.routeId) {
      const alias = routes?.find((route) => route.id === target.routeId)?.alias;
      return `↪ ${alias ?? String(target.routeId).slice(0, 8)}`;
    }
    if (!target.providerId) return target.model || '(not set)';
    const name = providers?.find((provider) => provider.id === target.providerId)?.name;
    return `${name ?? String(target.providerId).slice(0, 8)} → ${target.model || '?'}`;
  };
}
