import {
  Button,
  DataTable,
  DateField,
  EditButton,
  Labeled,
  LinkBase,
  ReferenceField,
  ReferenceManyField,
  Show,
  TextField,
  TopToolbar,
  useCanAccess,
  useRecordContext,
} from 'react-admin';
import { CardContent, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { RecordTitle } from '../common/RecordTitle';
import { ToolGlobsField } from '../mcpAccess/ToolGlobsField';
import type { McpServer } from './types';
import { AuthTypeField } from './AuthTypeField';

const GrantAccessButton = () => {
  const record = useRecordContext<McpServer>();
  const { canAccess } = useCanAccess({ resource: 'mcp-access', action: 'create' });
  if (!record || !canAccess) return null;
  return (
    <Button
      component={LinkBase}
      to={{ pathname: '/mcp-access/create', state: { record: { serverId: record.id } } }}
      label="Grant a key access"
    >
      <AddIcon />
    </Button>
  );
};

/** A server and the keys that may use it, with the tools each may call. */
export const McpServerShow = () => (
  <Show
    title={<RecordTitle label="MCP server" />}
    actions={
      <TopToolbar>
        <EditButton />
      </TopToolbar>
    }
  >
    <CardContent>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Labeled label="Name">
          <TextField source="name" />
        </Labeled>
        <Labeled label="Slug">
          <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="Upstream URL">
          <TextField source="url" />
        </Labeled>
        <Labeled label="Transport">
          <TextField source="transport" />
        </Labeled>
        <Labeled label="Credentials">
          <AuthTypeField />
        </Labeled>
        <Labeled label="Updated">
          <DateField source="updatedAt" showTime />
        </Labeled>
      </Stack>
      <Stack direction="row" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle1">Key access</Typography>
        <GrantAccessButton />
      </Stack>
      <ReferenceManyField
        reference="mcp-access"
        target="serverId"
        empty={
          <Typography variant="body2" color="text.secondary">
            No key may use this server yet.
          </Typography>
        }
      >
        <DataTable rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="keyId" label="Key">
            <ReferenceField source="keyId" reference="keys" link={false} />
          </DataTable.Col>
          <DataTable.Col source="allowTools" label="Allowed tools">
            <ToolGlobsField source="allowTools" />
          </DataTable.Col>
          <DataTable.Col source="denyTools" label="Denied tools">
            <ToolGlobsField source="denyTools" />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </CardContent>
  </Show>
);
