import {
  DataTable,
  DateField,
  DeleteButton,
  List,
  SearchInput,
  TextField,
  useRecordContext,
} from 'react-admin';
import { Chip } from '@mui/material';
import { RoleChip } from '../common/RoleChip';
import type { ApiToken } from '../types';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

const Status = () => {
  const record = useRecordContext<ApiToken>();
  if (!record) return null;
  if (record.revokedAt) return <Chip size="small" color="error" variant="outlined" label="revoked" />;
  if (record.expiresAt && new Date(record.expiresAt).getTime() <= Date.now())
    return <Chip size="small" color="warning" variant="outlined" label="expired" />;
  return <Chip size="small" color="success" variant="outlined" label="active" />;
};

const RevokeButton = () => {
  const record = useRecordContext<ApiToken>();
  if (!record || record.revokedAt) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      label="Revoke"
      confirmTitle={`Revoke the API token “${record.name}”?`}
      confirmContent="Programs using it are refused from now on."
    />
  );
};

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
          <Status />
        </DataTable.Col>
        <DataTable.Col source="createdBy" label="Created by" />
        <DataTable.Col source="lastUsedAt" label="Last used">
          <DateField source="lastUsedAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col source="expiresAt" label="Expires">
          <DateField source="expiresAt" showTime emptyText="never" />
        </DataTable.Col>
        <DataTable.Col label="" disableSort align="right">
          <RevokeButton />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
