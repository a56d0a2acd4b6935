import {
  DataTable,
  DateField,
  ListBase,
  ResourceContextProvider,
  useListContext,
  useRecordContext,
} from 'react-admin';
import { Card, CardHeader } from '@mui/material';
import { MicroUsdField } from '../common/MicroUsdField';
import type { UsageRecord } from './types';
import { UsageStatusField } from './UsageStatusField';

/** Only when there are some: most requests make no sub-calls. */
const SubCallTable = () => {
  const { total } = useListContext();
  if (!total) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader
        title={`Sub-calls (${total})`}
        subheader="Ensemble members, judges and routing embeddings made for this request; their cost is not in its own."
        titleTypographyProps={{ variant: 'subtitle1' }}
        subheaderTypographyProps={{ variant: 'body2' }}
      />
      <DataTable rowClick="show" bulkActionButtons={false} size="small">
        <DataTable.Col source="startedAt" label="Started" disableSort>
          <DateField source="startedAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="endpoint" disableSort />
        <DataTable.Col source="model" disableSort />
        <DataTable.Col source="status" disableSort>
          <UsageStatusField />
        </DataTable.Col>
        <DataTable.NumberCol source="inputTokens" label="In tokens" disableSort />
        <DataTable.NumberCol source="outputTokens" label="Out tokens" disableSort />
        <DataTable.Col source="costMicroUsd" label="Cost" align="right" disableSort>
          <MicroUsdField source="costMicroUsd" />
        </DataTable.Col>
        <DataTable.NumberCol source="latencyMs" label="Latency (ms)" disableSort />
      </DataTable>
    </Card>
  );
};

/** The usage records whose parent is the shown request. */
export const SubCalls = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record || record.parentRequestId) return null;
  return (
    <ResourceContextProvider value="usage">
      <ListBase
        resource="usage"
        filter={{ parentRequestId: record.requestId }}
        perPage={50}
        disableSyncWithLocation
      >
        <SubCallTable />
      </ListBase>
    </ResourceContextProvider>
  );
};
