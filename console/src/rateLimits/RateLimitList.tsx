import {
  DataTable,
  DeleteButton,
  EditButton,
  List,
  ReferenceField,
  SelectInput,
  useRecordContext,
} from 'react-admin';
import { Typography } from '@mui/material';
import { UsageBar } from '../common/UsageBar';
import { formatAge } from '../common/format';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';
import type { RateLimit } from './types';
import { SCOPE_CHOICES } from './RateLimitInputs';

const filters = [<SelectInput key="scope" source="scope" choices={SCOPE_CHOICES} alwaysOn />];

const AppliesTo = () => {
  const record = useRecordContext<RateLimit>();
  if (!record) return null;
  if (record.scope === 'key') return <ReferenceField source="keyId" reference="keys" link="show" />;
  if (record.scope === 'route') return <ReferenceField source="routeId" reference="routes" link="show" />;
  return <span>workspace</span>;
};

const Bar = ({ kind }: { kind: 'requests' | 'tokens' | 'concurrent' }) => {
  const record = useRecordContext<RateLimit>();
  if (!record) return null;
  const limit =
    kind === 'requests'
      ? record.requestsPerWindow
      : kind === 'tokens'
        ? record.tokensPerWindow
        : record.concurrent;
  const used = !record.usage
    ? null
    : kind === 'requests'
      ? record.usage.requests
      : kind === 'tokens'
        ? record.usage.tokens
        : record.usage.inFlight;
  return <UsageBar used={used} limit={limit} testId={`rate-${kind}-${record.id}`} />;
};

const Observed = () => {
  const record = useRecordContext<RateLimit>();
  if (!record) return null;
  return (
    <Typography variant="body2" color="text.secondary">
      {record.usage
        ? `${formatAge(record.usage.observedAt)}, ${record.usage.nodes} node(s)`
        : 'no node reported'}
    </Typography>
  );
};

/** Every limit of the workspace with how full it is right now across the gateway nodes. */
export const RateLimitList = () => (
  <NoWorkspaceGuard>
    <List
      filters={filters}
      sort={{ field: 'scope', order: 'ASC' }}
      title="Rate limits"
      queryOptions={{ refetchInterval: 5_000 }}
    >
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="scope" />
        <DataTable.Col label="Applies to" disableSort>
          <AppliesTo />
        </DataTable.Col>
        <DataTable.NumberCol source="windowSeconds" label="Window (s)" />
        <DataTable.Col label="Requests" disableSort>
          <Bar kind="requests" />
        </DataTable.Col>
        <DataTable.Col label="Tokens" disableSort>
          <Bar kind="tokens" />
        </DataTable.Col>
        <DataTable.Col label="In flight" disableSort>
          <Bar kind="concurrent" />
        </DataTable.Col>
        <DataTable.Col label="Usage seen" disableSort>
          <Observed />
        </DataTable.Col>
        <DataTable.Col label="" disableSort>
          <EditButton />
          <DeleteButton mutationMode="pessimistic" />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
