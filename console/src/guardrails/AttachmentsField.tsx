import { useGetMany, useRecordContext } from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import type { Route } from '../routes/types';
import type { VirtualKey } from '../keys/types';
import type { GuardrailPolicy } from './types';

/** Where the policy applies: "workspace", "key ci", "route fast"; "nowhere" when detached. */
export const AttachmentsField = () => {
  const record = useRecordContext<GuardrailPolicy>();
  const keyIds = record?.attachments.flatMap((a) => (a.keyId ? [a.keyId] : [])) ?? [];
  const routeIds = record?.attachments.flatMap((a) => (a.routeId ? [a.routeId] : [])) ?? [];
  const { data: keys } = useGetMany<VirtualKey>('keys', { ids: keyIds }, { enabled: keyIds.length > 0 });
  const { data: routes } = useGetMany<Route>('routes', { ids: routeIds }, { enabled: routeIds.length > 0 });
  if (!record) return null;
  if (record.attachments.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        nowhere
      </Typography>
    );
  const name = (list: { id: string }[] | undefined, id: string, field: 'name' | 'alias') =>
    (list?.find((item) => item.id === id) as Record<string, string> | undefined)?.[field] ?? id.slice(0, 8);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.attachments.map((a) => (
        <Chip
          key={a.id}
          size="small"
          variant="outlined"
          label={
            a.keyId
              ? `key ${name(keys, a.keyId, 'name')}`
              : a.routeId
                ? `route ${name(routes, a.routeId, 'alias')}`
                : 'workspace'
          }
        />
      ))}
    </Stack>
  );
};
