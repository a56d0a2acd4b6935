import {
  DateField,
  EditButton,
  DeleteButton,
  Labeled,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import {
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { RecordTitle } from '../common/RecordTitle';
import type { GuardrailPolicy } from './types';
import { AttachmentsField } from './AttachmentsField';
import { TryPolicyPanel } from './TryPolicyPanel';

const ChecksTable = () => {
  const record = useRecordContext<GuardrailPolicy>();
  if (!record) return null;
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Check</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Parameters</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {record.checks.map((check) => (
          <TableRow key={check.name}>
            <TableCell>{check.name}</TableCell>
            <TableCell>{check.type}</TableCell>
            <TableCell>{check.action ?? `${record.action} (policy)`}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(check.params, null, 2)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** A policy's checks, where it applies, and a box to try it on sample text. */
export const GuardrailShow = () => (
  <Show
    title={<RecordTitle label="Guardrail policy" />}
    actions={
      <TopToolbar>
        <EditButton />
        <DeleteButton mutationMode="pessimistic" />
      </TopToolbar>
    }
  >
    <CardContent>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Labeled label="Name">
          <TextField source="name" />
        </Labeled>
        <Labeled label="Stage">
          <TextField source="stage" />
        </Labeled>
        <Labeled label="Mode">
          <TextField source="mode" />
        </Labeled>
        <Labeled label="Action">
          <TextField source="action" />
        </Labeled>
        <Labeled label="Applies to">
          <AttachmentsField />
        </Labeled>
        <Labeled label="Updated">
          <DateField source="updatedAt" showTime />
        </Labeled>
      </Stack>
      <Typography variant="subtitle1">Checks</Typography>
      <ChecksTable />
      <TryPolicyPanel />
    </CardContent>
  </Show>
);
