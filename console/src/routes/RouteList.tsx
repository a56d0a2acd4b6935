import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import { CacheField } from '../cache/CacheField';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { STRATEGY_CHOICES } from './strategies';
import { StrategyField } from './StrategyField';
import { TargetsField } from './TargetsField';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="strategy" source="strategy" choices={STRATEGY_CHOICES} alwaysOn />,
];

export const RouteList = () => (
  <NoWorkspaceGuard>
    <List filters={filters} sort={{ field: 'alias', order: 'ASC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="alias" />
        <DataTable.Col source="strategy">
          <StrategyField />
        </DataTable.Col>
        <DataTable.Col label="Targets" disableSort>
          <TargetsField />
        </DataTable.Col>
        <DataTable.Col source="cache.mode" label="Cache">
          <CacheField off="—" />
        </DataTable.Col>
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
