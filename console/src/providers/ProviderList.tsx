import { CreateButton, DataTable, DateField, List, SearchInput, TopToolbar } from 'react-admin';
import { CredentialsField } from './CredentialsField';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const ProviderList = () => (
  <NoWorkspaceGuard>
    <List
      filters={filters}
      sort={{ field: 'name', order: 'ASC' }}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
    >
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="kind" />
        <DataTable.Col source="baseUrl" label="Base URL" />
        <DataTable.Col source="hasCredentials" label="API key">
          <CredentialsField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
