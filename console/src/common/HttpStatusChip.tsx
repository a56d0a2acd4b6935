import { Chip } from '@mui/material';

/** The HTTP status a gateway returned, coloured by class so failures stand out in long lists. */
export const HttpStatusChip = ({ status }: { status: number | null | undefined }) => {
  if (status === null || status === undefined) return null;
  const color =
    status >= 500
      ? 'error'
      : status >= 400
        ? 'warning'
        : status >= 200 && status < 300
          ? 'success'
          : 'default';
  return <Chip label={status} color={color} size="small" variant="outlined" />;
};
