import { useRecordContext } from 'react-admin';
import { Chip, Stack } from '@mui/material';
import type { Prompt } from './types';

/** "production → v3" chips. */
export const LabelsField = () => {
  const record = useRecordContext<Prompt>();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.labels.map((label) => (
        <Chip
          key={label.label}
          size="small"
          color="primary"
          variant="outlined"
          label={`${label.label} → v${label.version}`}
        />
      ))}
    </Stack>
  );
};
