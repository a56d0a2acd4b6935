import {
  BooleanField,
  DataTable,
  List,
  SearchInput,
  SelectInput,
  TextField,
  useRecordContext,
} from 'react-admin';
import { Chip } from '@mui/material';
import { UsdPerMTokField } from '../common/UsdPerMTokField';
import { KIND_CHOICES } from '../providers/providerKinds';
import type { ModelInfo } from './types';
import { OverridePriceButton } from './OverridePriceButton';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" label="Provider kind" choices={KIND_CHOICES} alwaysOn />,
  <SelectInput
    key="mode"
    source="mode"
    choices={[
      { id: 'chat', name: 'chat' },
      { id: 'embedding', name: 'embedding' },
    ]}
  />,
];

/** Where a price comes from: the shipped catalog, or this workspace's override (highlighted). */
const PriceSourceField = () => {
  const record = useRecordContext<ModelInfo>();
  if (!record) return null;
  return record.priceSource === 'override' ? (
    <Chip size="small" color="secondary" label="workspace price" />
  ) : (
    <Chip size="small" variant="outlined" label="catalog" />
  );
};

/** The shipped catalog with the workspace's prices applied: what a request to each model costs. */
export const ModelList = () => (
  <List
    filters={filters}
    sort={{ field: 'model', order: 'ASC' }}
    perPage={25}
    title="Model catalog"
    exporter={false}
    actions={false}
  >
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="kind" label="Provider kind" />
      <DataTable.Col source="model">
        <TextField source="model" sx={{ fontFamily: 'monospace' }} />
      </DataTable.Col>
      <DataTable.Col source="mode" />
      <DataTable.Col source="inputPerMTok" label="Input / MTok" align="right">
        <UsdPerMTokField source="inputPerMTok" />
      </DataTable.Col>
      <DataTable.Col source="outputPerMTok" label="Output / MTok" align="right">
        <UsdPerMTokField source="outputPerMTok" />
      </DataTable.Col>
      <DataTable.Col source="cachedInputPerMTok" label="Cached / MTok" align="right">
        <UsdPerMTokField source="cachedInputPerMTok" />
      </DataTable.Col>
      <DataTable.NumberCol source="contextWindow" label="Context" />
      <DataTable.Col source="tools">
        <BooleanField source="tools" emptyText="?" />
      </DataTable.Col>
      <DataTable.Col source="vision">
        <BooleanField source="vision" emptyText="?" />
      </DataTable.Col>
      <DataTable.Col source="priceSource" label="Price">
        <PriceSourceField />
      </DataTable.Col>
      <DataTable.Col label="" disableSort align="right">
        <OverridePriceButton />
      </DataTable.Col>
    </DataTable>
  </List>
);
