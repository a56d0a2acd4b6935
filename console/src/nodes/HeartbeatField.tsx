import { useRecordContext } from 'react-admin';
import { Chip, Tooltip } from '@mui/material';
import { formatAge } from '../common/format';
import { useNow } from '../common/useNow';
import type { DataPlaneNode } from './types';
import { isStale } from './drift';

/** When the node last reported; a node silent for a while is flagged, it may be gone. */
export const HeartbeatField = () => {
  const node = useRecordContext<DataPlaneNode>();
  const now = useNow();
  if (!node) return null;
  const stale = isStale(node, now);
  return (
    <Tooltip title={new Date(node.lastSeenAt).toLocaleString()}>
      <Chip
        size="small"
        variant="outlined"
        color={stale ? 'warning' : 'default'}
        label={`${formatAge(node.lastSeenAt, now)}${stale ? ' · stale' : ''}`}
      />
    </Tooltip>
  );
};
