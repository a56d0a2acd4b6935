import { Card, CardContent, Stack, Typography } from '@mui/material';
import { shortHash } from '../common/format';
import { useLatestSnapshot } from './useLatestSnapshot';

/** The reference every node is compared with. */
export const LatestSnapshotCard = () => {
  const { data: latest, isPending } = useLatestSnapshot();
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Stack direction="row" spacing={3} alignItems="baseline" flexWrap="wrap" useFlexGap>
          <Typography variant="subtitle2" color="text.secondary">
            Latest published snapshot
          </Typography>
          {isPending ? (
            <Typography variant="body2">…</Typography>
          ) : latest ? (
            <>
              <Typography variant="h6" data-testid="latest-snapshot-version">
                v{latest.version}
              </Typography>
              <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                {shortHash(latest.hash)}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {new Date(latest.createdAt).toLocaleString()}
              </Typography>
            </>
          ) : (
            <Typography variant="body2">none yet: the first configuration change publishes one</Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
