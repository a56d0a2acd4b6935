import { useRecordContext } from 'react-admin';
import { Chip, Tooltip } from '@mui/material';
import type { Route } from './types';
import { STRATEGY_HELP } from './strategies';

/** The strategy as a chip, with what it does on hover. */
export const StrategyField = () => {
  const record = useRecordContext<Route>();
  if (!record) return null;
  return (
    <Tooltip title={STRATEGY_HELP[record.strategy] ?? ''}>
      <Chip
        size="small"
        label={record.strategy}
        color={record.strategy === 'single' ? 'default' : 'primary'}
        variant="outlined"
      />
    </Tooltip>
  );
};
