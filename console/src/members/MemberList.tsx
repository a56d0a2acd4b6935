import { DataTable, DateField, DeleteButton, List, SearchInput, SelectInput, TextField } from 'react-admin';
import { ROLE_CHOICES, RoleChip } from '../common/RoleChip';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} />,
];

/** Who may use the selected workspace, with what role and where the membership comes from. */
export const MemberList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'role', order: 'ASC' }} title="Members">
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="user.email" label="Email" />
        <DataTable.Col source="user.displayName" label="Name" />
        <DataTable.Col source="role">
          <RoleChip />
        </DataTable.Col>
        <DataTable.Col source="source" label="Granted by">
          <TextField source="source" />
        </DataTable.Col>
        <DataTable.Col source="user.lastLoginAt" label="Last sign-in">
          <DateField source="user.lastLoginAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col label="" disableSort align="right">
          <DeleteButton mutationMode="pessimistic" label="Remove" />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
