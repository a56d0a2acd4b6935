import { BooleanField, DataTable, DateField, List, SearchInput } from 'react-admin';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

/** Every user of the installation (installation admins only). */
export const UserList = () => (
  <List filters={filters} sort={{ field: 'email', order: 'ASC' }} title="Users">
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="displayName" label="Name" />
      <DataTable.Col source="active">
        <BooleanField source="active" />
      </DataTable.Col>
      <DataTable.Col source="installationAdmin" label="Installation admin">
        <BooleanField source="installationAdmin" />
      </DataTable.Col>
      <DataTable.Col source="hasPassword" label="Password">
        <BooleanField source="hasPassword" />
      </DataTable.Col>
      <DataTable.Col source="lastLoginAt" label="Last sign-in">
        <DateField source="lastLoginAt" showTime emptyText="never" />
      </DataTable.Col>
    </DataTable>
  </List>
);
