import { useRecordContext } from 'react-admin';
import { Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Prompt } from './types';

/** Every version, newest first: route, variables, labels, and whether gateway nodes serve it. */
export const VersionsTable = () => {
  const prompt = useRecordContext<Prompt>();
  if (!prompt) return null;
  if (prompt.versions.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        No version yet.
      </Typography>
    );
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Route</TableCell>
          <TableCell>Variables</TableCell>
          <TableCell>Labels</TableCell>
          <TableCell>Served</TableCell>
          <TableCell>Created</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {prompt.versions.map((v) => (
          <TableRow key={v.version} data-testid={`version-${v.version}`}>
            <TableCell>v{v.version}</TableCell>
            <TableCell>{v.model}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{v.variables.join(', ') || '—'}</TableCell>
            <TableCell>
              <Stack direction="row" spacing={0.5}>
                {v.labels.map((label) => (
                  <Chip key={label} size="small" color="primary" label={label} />
                ))}
              </Stack>
            </TableCell>
            <TableCell>{v.served ? 'yes' : 'no (older than the newest 10)'}</TableCell>
            <TableCell>
              {new Date(v.createdAt).toLocaleString()} by {v.createdBy}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
