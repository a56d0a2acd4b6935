import { DataTable, DateField, List, SearchInput } from 'react-admin';
import { CacheField } from '../cache/CacheField';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { AllowedRoutesField } from './AllowedRoutesField';
import { KeyPrefixField } from './KeyPrefixField';
import { CredentialStatusField } from '../common/CredentialStatusField';
import { RevokeKeyButton } from './RevokeKeyButton';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const KeyList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="prefix" label="Key">
          <KeyPrefixField />
        </DataTable.Col>
        <DataTable.Col source="revokedAt" label="Status">
          <CredentialStatusField />
        </DataTable.Col>
        <DataTable.Col label="Allowed routes" disableSort>
          <AllowedRoutesField />
        </DataTable.Col>
        <DataTable.Col source="cache.mode" label="Cache">
          <CacheField />
        </DataTable.Col>
        <DataTable.Col source="expiresAt" label="Expires">
          <DateField source="expiresAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col label="" disableSort align="right">
          <RevokeKeyButton />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
