import { CreateButton, DataTable, DateField, List, SearchInput, SelectInput, TopToolbar } from 'react-admin';
import { CredentialsField } from './CredentialsField';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { KIND_CHOICES } from './providerKinds';
import { OptionsField } from './OptionsField';
import { TestConnectionButton } from './TestConnectionButton';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={KIND_CHOICES} alwaysOn />,
];

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
        <DataTable.Col label="Options" disableSort>
          <OptionsField />
        </DataTable.Col>
        <DataTable.Col source="hasCredentials" label="Credentials">
          <CredentialsField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
        <DataTable.Col label="" disableSort>
          <TestConnectionButton />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
