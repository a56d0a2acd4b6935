import { useMemo, useState } from 'react';
import { useRecordContext } from 'react-admin';
import { Box, Card, CardContent, CardHeader, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { lineDiff } from '../common/lineDiff';
import type { Prompt } from './types';
import { versionText } from './versionText';

const COLORS = {
  same: { bg: 'transparent', sign: ' ' },
  removed: { bg: 'rgba(244, 67, 54, 0.15)', sign: '-' },
  added: { bg: 'rgba(76, 175, 80, 0.18)', sign: '+' },
} as const;

/** A unified diff between two versions of the prompt, the older on the left of the pickers. */
export const VersionDiff = () => {
  const prompt = useRecordContext<Prompt>();
  const numbers = prompt?.versions.map((v) => v.version) ?? [];
  const newest = numbers[0];
  const [from, setFrom] = useState<number | ''>('');
  const [to, setTo] = useState<number | ''>('');
  const fromVersion = from === '' ? (numbers[1] ?? newest) : from;
  const toVersion = to === '' ? newest : to;
  const lines = useMemo(() => {
    const a = prompt?.versions.find((v) => v.version === fromVersion);
    const b = prompt?.versions.find((v) => v.version === toVersion);
    return a && b ? lineDiff(versionText(a), versionText(b)) : [];
  }, [prompt, fromVersion, toVersion]);
  if (!prompt || numbers.length === 0) return null;
  const picker = (label: string, value: number, set: (value: number) => void) => (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(event) => set(Number(event.target.value))}
      sx={{ minWidth: 120 }}
    >
      {numbers.map((n) => (
        <MenuItem key={n} value={n}>
          v{n}
        </MenuItem>
      ))}
    </TextField>
  );
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader title="Compare versions" />
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
          {picker('From', fromVersion, setFrom)}
          {picker('To', toVersion, setTo)}
          <Typography variant="body2" color="text.secondary" data-testid="diff-stats">
            +{added} −{removed}
          </Typography>
        </Stack>
        <Box
          component="pre"
          data-testid="version-diff"
          sx={{
            m: 0,
            fontSize: 13,
            fontFamily: 'monospace',
            overflow: 'auto',
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
          }}
        >
          {lines.map((line, index) => (
            <Box
              key={index}
              component="div"
              className={`diff-${line.kind}`}
              sx={{ bgcolor: COLORS[line.kind].bg, px: 1, whiteSpace: 'pre-wrap' }}
            >
              {COLORS[line.kind].sign} {line.text}
            </Box>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
};
