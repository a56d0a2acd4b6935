import { DataTable, DateField, List, SearchInput, TextField } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { LabelsField } from './LabelsField';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const PromptList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'slug', order: 'ASC' }} title="Prompt templates">
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="slug">
          <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
        </DataTable.Col>
        <DataTable.NumberCol source="latestVersion" label="Versions" />
        <DataTable.Col source="labels" label="Labels" disableSort>
          <LabelsField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
