import { DataTable, DateField, List, SearchInput } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { TargetsField } from './TargetsField';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const RouteList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'alias', order: 'ASC' }}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="alias" />
        <DataTable.Col source="strategy" />
        <DataTable.Col label="Targets" disableSort>
          <TargetsField />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
