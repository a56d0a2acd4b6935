import { DataTable, DateField, List, TextField } from 'react-admin';
import { Alert, Box } from '@mui/material';
import { CopyButton } from '../common/CopyButton';
import { CredentialStatusField, RevokeTokenButton } from '../common/CredentialStatusField';
import { graphqlUrl } from '../config';

/** Where identity providers send SCIM requests: the provider's "tenant URL" or "connector base URL". */
const ScimBaseUrl = () => {
  const url = new URL('/scim/v2', graphqlUrl).toString();
  return (
    <Alert severity="info" sx={{ m: 1 }}>
      SCIM base URL for your identity provider:{' '}
      <Box component="span" sx={{ fontFamily: 'monospace' }} data-testid="scim-base-url">
        {url}
      </Box>
      <CopyButton text={url} label="Copy the SCIM base URL" />
    </Alert>
  );
};

/** Bearer tokens identity providers provision users and groups with (installation admins only). */
export const ScimTokenList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} title="SCIM tokens" pagination={false}>
    <ScimBaseUrl />
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="prefix" label="Token">
        <TextField source="prefix" sx={{ fontFamily: 'monospace' }} />
      </DataTable.Col>
      <DataTable.Col source="revokedAt" label="Status">
        <CredentialStatusField />
      </DataTable.Col>
      <DataTable.Col source="lastUsedAt" label="Last used">
        <DateField source="lastUsedAt" showTime emptyText="never" />
      </DataTable.Col>
      <DataTable.Col source="createdAt" label="Created">
        <DateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col label="" disableSort align="right">
        <RevokeTokenButton
          noun="SCIM token"
          consequence="The identity provider using it is refused from now on: provisioning stops until it has a new token."
        />
      </DataTable.Col>
    </DataTable>
  </List>
);
