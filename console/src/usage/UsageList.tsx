import {
  DataTable,
  DateField,
  FilterButton,
  List,
  NumberField,
  ReferenceField,
  TopToolbar,
} from 'react-admin';
import { MicroUsdField } from '../common/MicroUsdField';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import { AttemptsField } from './AttemptsField';
import { UsageStatusField } from './UsageStatusField';
import { usageFilters } from './usageFilters';

/** The API returns usage newest first and does not sort otherwise, so columns are not sortable. */
export const UsageList = () => (
  <NoWorkspaceGuard>
    <List
      filters={usageFilters}
      actions={
        <TopToolbar>
          <FilterButton />
        </TopToolbar>
      }
      perPage={25}
      title="Usage"
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="startedAt" label="Started" disableSort>
          <DateField source="startedAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="routeAlias" label="Route" disableSort />
        <DataTable.Col source="model" disableSort />
        <DataTable.Col source="status" disableSort>
          <UsageStatusField />
        </DataTable.Col>
        <DataTable.Col source="keyId" label="Key" disableSort>
          <ReferenceField source="keyId" reference="keys" link={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.NumberCol source="inputTokens" label="In tokens" disableSort />
        <DataTable.NumberCol source="outputTokens" label="Out tokens" disableSort />
        <DataTable.Col source="costMicroUsd" label="Cost" align="right" disableSort>
          <MicroUsdField source="costMicroUsd" />
        </DataTable.Col>
        <DataTable.Col source="attempts" label="Attempts" align="right" disableSort>
          <AttemptsField />
        </DataTable.Col>
        <DataTable.Col source="latencyMs" label="Latency" align="right" disableSort>
          <NumberField
            source="latencyMs"
            options={{ style: 'unit', unit: 'millisecond', unitDisplay: 'short' }}
          />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
