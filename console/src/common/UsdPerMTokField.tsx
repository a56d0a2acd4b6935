import { useRecordContext, type FieldProps } from 'react-admin';
import { Typography } from '@mui/material';
import { usdPerMTokText } from './usdPerMTok';

/** A micro-USD-per-million-tokens price of the current record, in dollars. */
export const UsdPerMTokField = ({ source }: FieldProps & { source: string }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>
      {usdPerMTokText(record[source] as number | null)}
    </Typography>
  );
};
