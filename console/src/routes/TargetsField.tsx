import { useGetList, useRecordContext } from 'react-admin';
import { Chip, Stack } from '@mui/material';
import type { ProviderAccount, Route } from '../types';

/** Each target as "provider → model"; one cached provider list serves every row. */
export const TargetsField = () => {
  const record = useRecordContext<Route>();
  const { data: providers } = useGetList<ProviderAccount>('providers', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'name', order: 'ASC' },
  });
  if (!record) return null;
  const nameOf = (id: string) => providers?.find((provider) => provider.id === id)?.name ?? id.slice(0, 8);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.targets.map((target, index) => (
        <Chip
          key={`${target.providerId}-${index}`}
          size="small"
          variant={index === 0 ? 'filled' : 'outlined'}
          label={`${nameOf(target.providerId)} → ${target.model}`}
        />
      ))}
    </Stack>
  );
};
