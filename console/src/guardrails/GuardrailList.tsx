import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { AttachmentsField } from './AttachmentsField';
import { ChecksField } from './ChecksField';
import { ACTION_CHOICES, MODE_CHOICES, STAGE_CHOICES } from './GuardrailInputs';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="stage" source="stage" choices={STAGE_CHOICES} />,
  <SelectInput key="mode" source="mode" choices={MODE_CHOICES} />,
  <SelectInput key="action" source="action" choices={ACTION_CHOICES} />,
];

export const GuardrailList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} title="Guardrail policies">
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="stage" />
        <DataTable.Col source="mode" />
        <DataTable.Col source="action" />
        <DataTable.Col source="checks" label="Checks" disableSort>
          <ChecksField />
        </DataTable.Col>
        <DataTable.Col source="attachments" label="Applies to" disableSort>
          <AttachmentsField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
