import { useRecordContext, type FieldProps } from 'react-admin';
import { Typography } from '@mui/material';
import { formatMicroUsd } from './format';

/** A micro-USD amount of the current record, shown in dollars. */
export const MicroUsdField = ({ source }: FieldProps & { source: string }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatMicroUsd(record[source] as string)}
    </Typography>
  );
};
