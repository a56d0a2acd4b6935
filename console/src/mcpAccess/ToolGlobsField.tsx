import { useRecordContext, type FieldProps } from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';

/** Tool globs as chips; a null allow list means every tool. */
export const ToolGlobsField = ({ source }: FieldProps & { source: 'allowTools' | 'denyTools' }) => {
  const record = useRecordContext();
  if (!record) return null;
  const globs = record[source] as string[] | null;
  if (!globs?.length) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        {source === 'allowTools' ? 'every tool' : 'none'}
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {globs.map((glob) => (
        <Chip
          key={glob}
          size="small"
          variant="outlined"
          color={source === 'denyTools' ? 'error' : 'default'}
          label={glob}
          sx={{ fontFamily: 'monospace' }}
        />
      ))}
    </Stack>
  );
};
