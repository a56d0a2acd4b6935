import { useGetList, useNavigate } from 'react-admin';
import { Card, CardActionArea, CardContent, Stack, Typography } from '@mui/material';
import DnsIcon from '@mui/icons-material/Dns';
import type { DataPlaneNode } from '../nodes/types';
import { driftOf } from '../nodes/drift';
import { useLatestSnapshot } from '../nodes/useLatestSnapshot';

/** Fleet health at a glance: how many nodes report and how many run an old snapshot. */
export const PlatformStatus = () => {
  const navigate = useNavigate();
  const { data: latest } = useLatestSnapshot();
  const { data: nodes, total } = useGetList<DataPlaneNode>('nodes', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'nodeId', order: 'ASC' },
  });
  const behind = nodes?.filter((node) => driftOf(node, latest).kind === 'behind').length ?? 0;
  return (
    <Card>
      <CardActionArea onClick={() => navigate('/nodes')}>
        <CardContent>
          <Stack direction="row" spacing={2} alignItems="center">
            <DnsIcon color="primary" />
            <div>
              <Typography variant="body2" color="text.secondary">
                Data plane
              </Typography>
              <Typography variant="h6">
                {total ?? '…'} node{total === 1 ? '' : 's'}
                {latest ? ` · snapshot v${latest.version}` : ''}
              </Typography>
              <Typography variant="caption" color={behind > 0 ? 'error' : 'text.secondary'}>
                {behind > 0 ? `${behind} behind the latest snapshot` : 'all nodes current'}
              </Typography>
            </div>
          </Stack>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};
