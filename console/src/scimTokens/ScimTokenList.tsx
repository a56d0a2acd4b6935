import { DataTable, DateField, DeleteButton, List, TextField, useRecordContext } from 'react-admin';
import { Alert, Box, Chip } from '@mui/material';
import { CopyButton } from '../common/CopyButton';
import { graphqlUrl } from '../config';
import type { ScimToken } from '../types';

const Status = () => {
  const record = useRecordContext<ScimToken>();
  if (!record) return null;
  return record.revokedAt ? (
    <Chip size="small" color="error" variant="outlined" label="revoked" />
  ) : (
    <Chip size="small" color="success" variant="outlined" label="active" />
  );
};

const RevokeButton = () => {
  const record = useRecordContext<ScimToken>();
  if (!record || record.revokedAt) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      label="Revoke"
      confirmTitle={`Revoke the SCIM token “${record.name}”?`}
      confirmContent="The identity provider using it is refused from now on: provisioning stops until it has a new token."
    />
  );
};

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
        <Status />
      </DataTable.Col>
      <DataTable.Col source="lastUsedAt" label="Last used">
        <DateField source="lastUsedAt" showTime emptyText="never" />
      </DataTable.Col>
      <DataTable.Col source="createdAt" label="Created">
        <DateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col label="" disableSort align="right">
        <RevokeButton />
      </DataTable.Col>
    </DataTable>
  </List>
);
