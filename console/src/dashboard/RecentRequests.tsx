import { DataTable, DateField, ListBase, ReferenceField, ResourceContextProvider } from 'react-admin';
import { Card, CardHeader } from '@mui/material';
import { MicroUsdField } from '../common/MicroUsdField';
import { UsageStatusField } from '../usage/UsageStatusField';

/** The last few requests of the workspace, each a link to its usage record. */
export const RecentRequests = () => (
  <Card>
    <CardHeader title="Recent requests" titleTypographyProps={{ variant: 'subtitle1' }} />
    <ResourceContextProvider value="usage">
      <ListBase
        resource="usage"
        perPage={8}
        disableSyncWithLocation
        queryOptions={{ refetchInterval: 30_000 }}
      >
        <DataTable rowClick="show" bulkActionButtons={false} size="small">
          <DataTable.Col source="startedAt" label="Started" disableSort>
            <DateField source="startedAt" showTime />
          </DataTable.Col>
          <DataTable.Col source="routeAlias" label="Route" disableSort />
          <DataTable.Col source="status" disableSort>
            <UsageStatusField />
          </DataTable.Col>
          <DataTable.Col source="keyId" label="Key" disableSort>
            <ReferenceField source="keyId" reference="keys" link={false} emptyText="—" />
          </DataTable.Col>
          <DataTable.NumberCol source="outputTokens" label="Out tokens" disableSort />
          <DataTable.Col source="costMicroUsd" label="Cost" align="right" disableSort>
            <MicroUsdField source="costMicroUsd" />
          </DataTable.Col>
        </DataTable>
      </ListBase>
    </ResourceContextProvider>
  </Card>
);
