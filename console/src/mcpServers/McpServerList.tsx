import { DataTable, DateField, List, SearchInput, TextField } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { AuthTypeField } from './AuthTypeField';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const McpServerList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'slug', order: 'ASC' }} title="MCP servers">
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="slug">
          <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
        </DataTable.Col>
        <DataTable.Col source="url" label="Upstream URL" />
        <DataTable.Col source="transport" />
        <DataTable.Col source="authType" label="Credentials">
          <AuthTypeField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
