import { useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { removePromptLabel, setPromptLabel } from '../dataProvider/prompts';
import type { Prompt } from './types';

/** The prompt's labels with the version each names: point one at a version (new or moved), or remove it. */
export const LabelManager = () => {
  const prompt = useRecordContext<Prompt>();
  const refresh = useRefresh();
  const notify = useNotify();
  const [label, setLabel] = useState('');
  const [version, setVersion] = useState<number | ''>('');
  const { canAccess: mayEdit } = useCanAccess({ resource: 'prompts', action: 'edit' });
  if (!prompt) return null;
  const run = async (action: () => Promise<void>, done: string) => {
    try {
      await action();
      notify(done, { type: 'success' });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  const target = version === '' ? prompt.latestVersion : version;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader title="Labels" subheader="Clients ask for ?label=<name>; moving a label is a deploy" />
      <CardContent>
        {prompt.labels.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No labels yet.
          </Typography>
        ) : (
          <Table size="small" sx={{ mb: 2 }}>
            <TableBody>
              {prompt.labels.map((item) => (
                <TableRow key={item.label} data-testid={`label-${item.label}`}>
                  <TableCell>{item.label}</TableCell>
                  <TableCell>v{item.version}</TableCell>
                  <TableCell>
                    {new Date(item.updatedAt).toLocaleString()} by {item.updatedBy}
                  </TableCell>
                  <TableCell align="right">
                    {mayEdit && (
                      <IconButton
                        aria-label={`Remove label ${item.label}`}
                        size="small"
                        onClick={() =>
                          run(() => removePromptLabel(prompt.id, item.label), `Label ${item.label} removed`)
                        }
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {mayEdit && (
          <Stack direction="row" spacing={2} alignItems="center">
            <TextField
              size="small"
              label="Label"
              value={label}
              onChange={(event) => setLabel(event.target.value)}
            />
            <TextField
              select
              size="small"
              label="Points at version"
              value={target ?? ''}
              onChange={(event) => setVersion(Number(event.target.value))}
              sx={{ minWidth: 120 }}
            >
              {prompt.versions.map((v) => (
                <MenuItem key={v.version} value={v.version}>
                  v{v.version}
                </MenuItem>
              ))}
            </TextField>
            <Button
              variant="outlined"
              disabled={!label.trim() || !target}
              onClick={() =>
                run(async () => {
                  await setPromptLabel(prompt.id, label.trim(), target!);
                  setLabel('');
                }, `Label ${label.trim()} now names v${target}`)
              }
            >
              Set label
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
