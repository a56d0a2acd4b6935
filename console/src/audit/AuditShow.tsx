import { DateField, Labeled, Show, TextField, useRecordContext } from 'react-admin';
import { Box, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import type { AuditEntry, AuditRecordChange } from './types';
import { ActorField } from './ActorField';
import { OutcomeField } from './OutcomeField';

const Json = ({ value, label }: { value: unknown; label: string }) => (
  <Box>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Box
      component="pre"
      sx={{
        m: 0,
        p: 1,
        bgcolor: 'action.hover',
        borderRadius: 1,
        fontSize: 12,
        overflow: 'auto',
        maxHeight: 400,
      }}
    >
      {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
    </Box>
  </Box>
);

const OP_COLORS = { created: 'success', updated: 'info', deleted: 'error' } as const;

const Change = ({ change }: { change: AuditRecordChange }) => (
  <Box sx={{ mb: 2 }} data-testid="audit-change">
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
      <Chip size="small" color={OP_COLORS[change.op]} label={change.op} />
      <Typography variant="body2">
        {change.type} <code>{change.id}</code>
      </Typography>
    </Stack>
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <Json label="Before" value={change.before} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Json label="After" value={change.after} />
      </Grid>
    </Grid>
  </Box>
);

const Details = () => {
  const record = useRecordContext<AuditEntry>();
  if (!record) return null;
  return (
    <>
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        Target before and after
      </Typography>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Json label="Before" value={record.before} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Json label="After" value={record.after} />
        </Grid>
      </Grid>
      <Typography variant="subtitle1">Records changed ({record.changes.length})</Typography>
      {record.changes.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          None.
        </Typography>
      )}
      {record.changes.map((change) => (
        <Change key={`${change.type}:${change.id}`} change={change} />
      ))}
    </>
  );
};

/** One mutation: who, when, from where, and every record it changed (secrets masked). */
export const AuditShow = () => (
  <Show title="Audit entry" actions={false}>
    <CardContent>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap">
        <Labeled label="When">
          <DateField source="occurredAt" showTime />
        </Labeled>
        <Labeled label="Action">
          <TextField source="action" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="Actor">
          <ActorField />
        </Labeled>
        <Labeled label="Target">
          <TextField source="targetType" emptyText="—" />
        </Labeled>
        <Labeled label="Target id">
          <TextField source="targetId" emptyText="—" />
        </Labeled>
        <Labeled label="Outcome">
          <OutcomeField />
        </Labeled>
        <Labeled label="Error">
          <TextField source="errorMessage" emptyText="—" />
        </Labeled>
        <Labeled label="Request id">
          <TextField source="requestId" emptyText="—" />
        </Labeled>
        <Labeled label="Client">
          <TextField source="clientIp" emptyText="—" />
        </Labeled>
      </Stack>
      <Details />
    </CardContent>
  </Show>
);
