import {
  BooleanField,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { CardContent, Stack, Typography } from '@mui/material';
import { RecordTitle } from '../common/RecordTitle';
import type { Budget } from './types';
import { BudgetAppliesTo } from './BudgetAppliesTo';
import { BudgetEvents } from './BudgetEvents';
import { BudgetSpend } from './BudgetSpend';
import { BudgetStatusChip } from './BudgetStatusChip';

const Thresholds = () => {
  const record = useRecordContext<Budget>();
  return record ? <span>{record.alertThresholds.map((t) => `${t}%`).join(', ')}</span> : null;
};

const Webhook = () => {
  const record = useRecordContext<Budget>();
  if (!record) return null;
  if (!record.webhookUrl) return <span>none</span>;
  return (
    <span>
      {record.webhookUrl}
      {record.webhookSigned ? ' (signed)' : ''}
    </span>
  );
};

/** A budget: its limits, the current window's spend and reset, and the alerts it raised. */
export const BudgetShow = () => (
  <Show
    title={<RecordTitle label="Budget" />}
    actions={
      <TopToolbar>
        <EditButton />
        <DeleteButton mutationMode="pessimistic" />
      </TopToolbar>
    }
    queryOptions={{ refetchInterval: 10_000 }}
  >
    <CardContent>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Labeled label="Name">
          <TextField source="name" />
        </Labeled>
        <Labeled label="Applies to">
          <BudgetAppliesTo />
        </Labeled>
        <Labeled label="Period">
          <TextField source="period" />
        </Labeled>
        <Labeled label="Time zone">
          <TextField source="timezone" />
        </Labeled>
        <Labeled label="Hard stop">
          <BooleanField source="hardStop" />
        </Labeled>
        <Labeled label="Alerts at">
          <Thresholds />
        </Labeled>
        <Labeled label="Webhook">
          <Webhook />
        </Labeled>
      </Stack>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Labeled label="Spent / limit">
          <BudgetSpend />
        </Labeled>
        <Labeled label="Status">
          <BudgetStatusChip />
        </Labeled>
        <Labeled label="Window started">
          <DateField source="status.windowStart" showTime />
        </Labeled>
        <Labeled label="Resets">
          <DateField source="status.resetsAt" showTime emptyText="never (total)" />
        </Labeled>
      </Stack>
      <Typography variant="subtitle1">Alerts</Typography>
      <BudgetEvents />
    </CardContent>
  </Show>
);
