import { useRecordContext } from 'react-admin';
import { Chip, Tooltip } from '@mui/material';
import type { VirtualKey } from '../types';

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: VirtualKey, now = Date.now()): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const COLORS = { active: 'success', expired: 'warning', revoked: 'error' } as const;

export const KeyStatusField = () => {
  const record = useRecordContext<VirtualKey>();
  if (!record) return null;
  const status = keyStatus(record);
  const when = status === 'revoked' ? record.revokedAt : status === 'expired' ? record.expiresAt : null;
  const chip = <Chip label={status} size="small" color={COLORS[status]} variant="outlined" />;
  return when ? <Tooltip title={`${status} ${new Date(when).toLocaleString()}`}>{chip}</Tooltip> : chip;
};
