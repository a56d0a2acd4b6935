import { useRecordContext } from 'react-admin';
import { Chip, Stack, Tooltip, Typography } from '@mui/material';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { shortHash } from '../common/format';
import type { DataPlaneNode } from './types';
import { driftOf } from './drift';
import { useLatestSnapshot } from './useLatestSnapshot';

/** The version a node runs, and how it compares with the newest published snapshot. */
export const SnapshotVersionField = () => {
  const node = useRecordContext<DataPlaneNode>();
  const { data: latest } = useLatestSnapshot();
  if (!node) return null;
  const drift = driftOf(node, latest);
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <Tooltip title={`hash ${shortHash(node.snapshotHash)}`}>
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          v{node.snapshotVersion}
        </Typography>
      </Tooltip>
      {drift.kind === 'current' && <Chip label="current" size="small" color="success" variant="outlined" />}
      {drift.kind === 'behind' && (
        <Chip label={`behind by ${drift.by}`} size="small" color="error" data-testid="snapshot-drift" />
      )}
      {drift.kind === 'ahead' && <Chip label="ahead of control plane" size="small" color="warning" />}
      {node.lastSnapshotError && (
        <Tooltip title={`Last snapshot rejected: ${node.lastSnapshotError}`}>
          <ErrorOutlineIcon color="error" fontSize="small" />
        </Tooltip>
      )}
    </Stack>
  );
};
