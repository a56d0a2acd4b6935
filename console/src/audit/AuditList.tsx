import {
  BooleanInput,
  ChipField,
  DataTable,
  DateField,
  DateTimeInput,
  List,
  TextField,
  TextInput,
} from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { ActorField } from './ActorField';
import { OutcomeField } from './OutcomeField';

const filters = [
  <TextInput key="action" source="action" label="Action" helperText={false} alwaysOn />,
  <TextInput key="actorId" source="actorId" label="Actor id" helperText={false} />,
  <TextInput key="targetType" source="targetType" label="Target type" helperText={false} />,
  <TextInput key="targetId" source="targetId" label="Target id" helperText={false} />,
  <DateTimeInput key="from" source="from" label="From" helperText={false} />,
  <DateTimeInput key="to" source="to" label="Until" helperText={false} />,
  <BooleanInput key="everywhere" source="everywhere" label="Every workspace" helperText={false} />,
];

/** Admin mutations, newest first: who did what to which record, and whether it went through. */
export const AuditList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} title="Audit log" sort={{ field: 'occurredAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="occurredAt" label="When" disableSort>
          <DateField source="occurredAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="action" disableSort>
          <TextField source="action" sx={{ fontFamily: 'monospace' }} />
        </DataTable.Col>
        <DataTable.Col source="actorLabel" label="Actor" disableSort>
          <ActorField />
        </DataTable.Col>
        <DataTable.Col source="targetType" label="Target" disableSort>
          <ChipField source="targetType" size="small" variant="outlined" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="targetId" label="Target id" disableSort />
        <DataTable.Col source="outcome" disableSort>
          <OutcomeField />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
