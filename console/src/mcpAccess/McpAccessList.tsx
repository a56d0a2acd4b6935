import { AutocompleteInput, DataTable, List, ReferenceField, ReferenceInput } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { ToolGlobsField } from './ToolGlobsField';

const filters = [
  <ReferenceInput key="keyId" source="keyId" reference="keys" alwaysOn sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label="Key" optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <ReferenceInput
    key="serverId"
    source="serverId"
    reference="mcp-servers"
    alwaysOn
    sort={{ field: 'name', order: 'ASC' }}
  >
    <AutocompleteInput label="Server" optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
];

/** Which key may call which tools of which MCP server; a key without an entry may use none. */
export const McpAccessList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'keyId', order: 'ASC' }} title="MCP tool access">
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="keyId" label="Key">
          <ReferenceField source="keyId" reference="keys" link={false} />
        </DataTable.Col>
        <DataTable.Col source="serverId" label="Server">
          <ReferenceField source="serverId" reference="mcp-servers" link="show" />
        </DataTable.Col>
        <DataTable.Col source="allowTools" label="Allowed tools" disableSort>
          <ToolGlobsField source="allowTools" />
        </DataTable.Col>
        <DataTable.Col source="denyTools" label="Denied tools" disableSort>
          <ToolGlobsField source="denyTools" />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
