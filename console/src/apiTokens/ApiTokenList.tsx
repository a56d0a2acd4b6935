import { DataTable, DateField, List, SearchInput, TextField } from 'react-admin';
import { CredentialStatusField, RevokeTokenButton } from '../common/CredentialStatusField';
import { RoleChip } from '../common/RoleChip';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

/** Tokens for programs (CI, `switchyard apply`) acting on the workspace with a role. */
export const ApiTokenList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} title="API tokens">
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="prefix" label="Token">
          <TextField source="prefix" sx={{ fontFamily: 'monospace' }} />
        </DataTable.Col>
        <DataTable.Col source="role">
          <RoleChip />
        </DataTable.Col>
        <DataTable.Col source="revokedAt" label="Status">
          <CredentialStatusField />
        </DataTable.Col>
        <DataTable.Col source="createdBy" label="Created by" />
        <DataTable.Col source="lastUsedAt" label="Last used">
          <DateField source="lastUsedAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col source="expiresAt" label="Expires">
          <DateField source="expiresAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col label="" disableSort align="right">
          <RevokeTokenButton noun="API token" consequence="Programs using it are refused from now on." />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
