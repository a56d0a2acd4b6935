import { DataTable, List, SearchInput, SelectInput } from 'react-admin';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { BudgetAppliesTo } from './BudgetAppliesTo';
import { BUDGET_PERIODS, BUDGET_SCOPES } from './BudgetInputs';
import { BudgetSpend } from './BudgetSpend';
import { BudgetStatusChip } from './BudgetStatusChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="scope" source="scope" choices={BUDGET_SCOPES} />,
  <SelectInput key="period" source="period" choices={BUDGET_PERIODS} />,
];

/** Every budget of the workspace with the current window's spend against its limits. */
export const BudgetList = () => (
  <NoWorkspaceGuard>
    <List
      filters={filters}
      sort={{ field: 'name', order: 'ASC' }}
      title="Budgets"
      queryOptions={{ refetchInterval: 10_000 }}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="scope" label="Applies to">
          <BudgetAppliesTo />
        </DataTable.Col>
        <DataTable.Col source="period" />
        <DataTable.Col label="Spent / limit" disableSort>
          <BudgetSpend />
        </DataTable.Col>
        <DataTable.Col label="Status" disableSort>
          <BudgetStatusChip />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
